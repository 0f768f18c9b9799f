using System.Runtime.CompilerServices;
using Dispatch.Workers.Reports;

namespace Dispatch.Tests.Unit;

/// <summary>The definitions served with every report are docs/reports.md's, word for word; rates are made of what they count.</summary>
[Category("Unit")]
public sealed class ReportDefinitionSpecs
{
    private static string Readme([CallerFilePath] string here = "") =>
        File.ReadAllText(Path.Combine(Path.GetDirectoryName(here)!, "..", "..", "docs", "reports.md"));

    [Test]
    public void Every_definition_is_written_in_the_reports_page_as_it_is_served()
    {
        var readme = Readme();

        Assert.Multiple(() =>
        {
            foreach (var d in KpiDefinitions.All)
            {
                var line = $"| `{d.Key}` | {d.Name} | {d.Numerator} | {d.Denominator ?? "—"} |";
                Assert.That(readme.Contains(line, StringComparison.Ordinal), Is.True, $"docs/reports.md lacks the line: {line}");
            }
        });
    }

    [Test]
    public void Every_figure_of_a_row_has_a_definition()
    {
        var row = KpiRow.From(new Dictionary<string, string?>(), new Dictionary<string, string?>(), new KpiCounts());
        var defined = KpiDefinitions.All.Select(d => d.Key).ToHashSet();

        Assert.That(row.Counts.Keys.Concat(row.Rates.Keys).Concat(row.WorkingHours.Keys), Is.All.Matches<string>(defined.Contains));
    }

    [Test]
    public void A_rate_with_nothing_to_count_is_null_and_otherwise_rounded_to_four_places() =>
        Assert.Multiple(() =>
        {
            Assert.That(new Rate(0, 0).Value, Is.Null);
            Assert.That(new Rate(2, 3).Value, Is.EqualTo(0.6667));
            Assert.That(new Rate(98, 100).Value, Is.EqualTo(0.98));
        });

    [Test]
    public void The_previous_period_has_the_same_number_of_days_and_ends_the_day_before()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        var march = ReportPeriod.Month(2026, 3, zone);

        var before = march.Previous(zone);

        Assert.Multiple(() =>
        {
            Assert.That((before.From, before.To), Is.EqualTo((new DateOnly(2026, 1, 29), new DateOnly(2026, 2, 28))));
            Assert.That(march.Start, Is.EqualTo(new DateTimeOffset(2026, 2, 28, 16, 0, 0, TimeSpan.Zero)), "local midnight in Beijing");
            Assert.That(before.End, Is.EqualTo(march.Start));
        });
    }
}
