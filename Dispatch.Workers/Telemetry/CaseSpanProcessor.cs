using System.Diagnostics;
using OpenTelemetry;

namespace Dispatch.Workers.Telemetry;

/// <summary>
/// Gives every span the case number of the work it belongs to, then hands it to the exporters it wraps. A case's number is often
/// known only part-way (a filing learns it after the token check and the number block; a consumer after the message is read), so
/// the spans under a local root (a span whose parent is in another process, or none) are held until that root ends; then each takes
/// the number of its nearest span, itself or an ancestor, that names one (<see cref="CaseTracing.TagCase"/>), and all go to the
/// exporters. A span that ends after its root (work the request left running) is tagged and passed on at once. What is held is a
/// request's or a message's spans, for as long as it runs. Roots that are only bookkeeping (<see cref="IsNoise"/>) are dropped with
/// what they hold.
/// </summary>
public sealed class CaseSpanProcessor(IReadOnlyList<BaseProcessor<Activity>> exports) : BaseProcessor<Activity>
{
    private readonly Lock _gate = new();
    private readonly Dictionary<Activity, List<Activity>> _held = new(ReferenceEqualityComparer.Instance);

    public override void OnStart(Activity data)
    {
        foreach (var export in exports)
        {
            export.OnStart(data);
        }
    }

    public override void OnEnd(Activity data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Parent is null)
        {
            List<Activity>? held;
            lock (_gate)
            {
                _held.Remove(data, out held);
            }

            if (IsNoise(data))
            {
                return;
            }

            foreach (var span in held ?? [])
            {
                Export(span);
            }

            Export(data);
            return;
        }

        var root = data.Parent;
        while (root.Parent is not null)
        {
            root = root.Parent;
        }

        lock (_gate)
        {
            // The root's end time is set before its processors hear of it: a root without one has not reached OnEnd yet, and will
            // take what is held for it.
            if (!root.IsStopped && root.Duration == TimeSpan.Zero)
            {
                if (!_held.TryGetValue(root, out var spans))
                {
                    _held[root] = spans = [];
                }

                spans.Add(data);
                return;
            }
        }

        Export(data);
    }

    protected override bool OnForceFlush(int timeoutMilliseconds) => exports.All(e => e.ForceFlush(timeoutMilliseconds));

    protected override bool OnShutdown(int timeoutMilliseconds) => exports.All(e => e.Shutdown(timeoutMilliseconds));

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (var export in exports)
            {
                export.Dispose();
            }
        }

        base.Dispose(disposing);
    }

    /// <summary>
    /// A root that is only bookkeeping: a database command or commit that no request, message or job span encloses (the relay's and
    /// the gauges' polls, several times a second), or a span the work discarded (<see cref="CaseTracing.Discard"/>).
    /// </summary>
    private static bool IsNoise(Activity root) =>
        !root.Recorded
        || (root.ParentSpanId == default
            && ((root.Kind == ActivityKind.Client && (root.GetTagItem("db.system") ?? root.GetTagItem("db.system.name")) is not null)
                || (root.Source.Name == CaseTracing.SourceName && root.OperationName == "commit")));

    private void Export(Activity span)
    {
        if (span.GetTagItem(CaseTracing.CaseNumberTag) is null)
        {
            for (var ancestor = span.Parent; ancestor is not null; ancestor = ancestor.Parent)
            {
                if (ancestor.GetTagItem(CaseTracing.CaseNumberTag) is { } number)
                {
                    span.SetTag(CaseTracing.CaseNumberTag, number);
                    break;
                }
            }
        }

        foreach (var export in exports)
        {
            export.OnEnd(span);
        }
    }
}
