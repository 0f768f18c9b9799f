using System.Diagnostics;
using Dispatch.Workers.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Trace;

namespace Dispatch.Tests.Unit;

/// <summary>How every span of a case comes to carry its number, whenever the number became known (docs/telemetry.md).</summary>
[Category("Unit")]
[NonParallelizable]
public sealed class CaseSpanProcessorSpecs
{
    private static readonly ActivitySource Other = new("Dispatch.Tests.CaseSpans");
    private readonly List<Activity> _exported = [];
    private TracerProvider _provider = null!;

    [SetUp]
    public void Listen()
    {
        _exported.Clear();
        _provider = Sdk.CreateTracerProviderBuilder()
            .AddSource(CaseTracing.SourceName, Other.Name)
            .AddProcessor(new CaseSpanProcessor([new SimpleActivityExportProcessor(new InMemoryExporter<Activity>(_exported))]))
            .Build()!;
    }

    [TearDown]
    public void Stop() => _provider.Dispose();

    private static string? Number(Activity span) => span.GetTagItem(CaseTracing.CaseNumberTag) as string;

    [Test]
    public void A_span_that_ended_before_the_number_was_known_carries_it_once_its_root_ends_and_none_is_exported_before()
    {
        using (var request = Other.StartActivity("POST /api/cases"))
        {
            using (Other.StartActivity("token lookup"))
            {
            }

            using (Other.StartActivity("file"))
            {
                CaseTracing.TagCase("20261130-000001");
                using (Other.StartActivity("insert"))
                {
                }
            }

            Assert.That(_exported, Is.Empty, "held until the request ends");
        }

        Assert.Multiple(() =>
        {
            Assert.That(_exported.Select(s => s.OperationName), Is.EquivalentTo(new[] { "token lookup", "insert", "file", "POST /api/cases" }));
            Assert.That(_exported.Select(Number), Is.All.EqualTo("20261130-000001"));
        });
    }

    [Test]
    public void In_a_sweep_each_firing_names_its_own_case_and_the_sweep_none()
    {
        using (Other.StartActivity("deadline sweep"))
        {
            foreach (var number in new[] { "20261130-000001", "20261130-000002" })
            {
                using (CaseTracing.StartCaseSpan("fire deadline alarm", number))
                {
                    using (Other.StartActivity("read policy"))
                    {
                    }
                }
            }
        }

        Assert.Multiple(() =>
        {
            Assert.That(_exported.Where(s => s.OperationName == "read policy").Select(Number), Is.EqualTo(new[] { "20261130-000001", "20261130-000002" }));
            Assert.That(Number(_exported.Single(s => s.OperationName == "deadline sweep")), Is.Null);
        });
    }

    [Test]
    public void A_discarded_sweep_and_a_bare_commit_are_not_exported_but_a_publish_that_continues_a_stored_context_is()
    {
        using (var sweep = Other.StartActivity("deadline sweep"))
        {
            using (Other.StartActivity("claim"))
            {
            }

            CaseTracing.Discard(sweep);
        }

        using (CaseTracing.Source.StartActivity("commit"))
        {
        }

        using (CaseTracing.StartOutboxPublish("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", null, "20261130-000003", "CaseFiled", relayed: true))
        {
        }

        var published = _exported.Single();
        Assert.Multiple(() =>
        {
            Assert.That(published.OperationName, Is.EqualTo("outbox publish"));
            Assert.That(published.TraceId.ToHexString(), Is.EqualTo("0af7651916cd43dd8448eb211c80319c"));
            Assert.That(published.ParentSpanId.ToHexString(), Is.EqualTo("b7ad6b7169203331"));
            Assert.That((Number(published), published.GetTagItem(CaseTracing.OutboxPathTag)), Is.EqualTo(("20261130-000003", (object)"relay")));
        });
    }
}
