using System.Collections.Concurrent;
using System.Diagnostics;

namespace Dispatch.Tests.Support;

/// <summary>
/// Counts what a unit of work sends to PostgreSQL: Npgsql traces each command or batch it sends (one round trip) as an activity of
/// its source "Npgsql"; those under <see cref="OfAsync"/>'s own activity are the unit's. The commit is not a command, so not counted.
/// </summary>
public sealed class RoundTrips : IDisposable
{
    private const string SourceName = "Dispatch.Tests.RoundTrips";
    private static readonly ActivitySource Source = new(SourceName);
    private readonly ConcurrentQueue<Activity> _sent = new();
    private readonly ActivityListener _listener;

    public RoundTrips()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name is "Npgsql" or SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => _sent.Enqueue(a),
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>Runs <paramref name="work"/>; returns its result and the statements of each round trip it made, in order.</summary>
    public async Task<(T Result, IReadOnlyList<IReadOnlyList<string>> Trips)> OfAsync<T>(Func<Task<T>> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        using var unit = Source.StartActivity("unit of work") ?? throw new InvalidOperationException("Nobody listens to the spec's activities.");
        var result = await work();
        unit.Stop();
        var trips = _sent.Where(a => a.Source.Name == "Npgsql" && a.TraceId == unit.TraceId).OrderBy(a => a.StartTimeUtc)
            .Select(a => (IReadOnlyList<string>)[.. Statements(a)]).ToList();
        return (result, trips);
    }

    /// <summary>Each statement's first words ("update cases", "insert into case_audit"), enough to tell what a round trip wrote.</summary>
    private static IEnumerable<string> Statements(Activity sent) =>
        ((sent.GetTagItem("db.query.text") ?? sent.GetTagItem("db.statement"))?.ToString() ?? "")
        .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(s => string.Join(' ', s.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries).Take(3)));

    public void Dispose() => _listener.Dispose();
}
