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
    public void Every_part_of_the_knowledge_use_report_is_written_in_the_reports_page_as_it_is_served()
    {
        var readme = Readme();

        Assert.Multiple(() =>
        {
            foreach (var d in KnowledgeUseDefinitions.All)
            {
                var line = $"| `{d.Key}` | {d.Name} | {d.Numerator} | {d.Denominator ?? "—"} |";
                Assert.That(readme.Contains(line, StringComparison.Ordinal), Is.True, $"docs/reports.md lacks the line: {line}");
            }
        });
    }

    [TestCase("signed")]
    [TestCase("replied")]
    [TestCase("timelySignOff")]
    [TestCase("onTimeReply")]
    [TestCase("response")]
    public void A_figure_built_on_signed_or_replied_says_it_counts_the_current_round_only(string key)
    {
        var definition = KpiDefinitions.All.Single(d => d.Key == key);

        Assert.That(definition.Numerator, Does.Contain("in their current round"));
    }

    [Test]
    public void Re_dispatched_says_a_re_dispatch_back_to_the_same_department_is_not_counted() =>
        Assert.That(KpiDefinitions.All.Single(d => d.Key == "redispatched").Numerator,
            Does.Contain("to a department other than the one that returned them").And.Contain("the same department is not counted"));

    [Test]
    public void The_reports_page_names_the_row_of_cases_no_department_leads_and_how_rates_are_rounded()
    {
        var readme = Readme();

        Assert.Multiple(() =>
        {
            Assert.That(readme, Does.Contain("**The center's row.**"));
            Assert.That(readme, Does.Contain("a half rounded away from zero"));
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

    [TestCase(1, 32, 0.0313, TestName = "1/32 = 0.03125 rounds up, where rounding a half to even gives 0.0312")]
    [TestCase(5, 32, 0.1563, TestName = "5/32 = 0.15625 rounds up, where rounding a half to even gives 0.1562")]
    [TestCase(3, 20000, 0.0002, TestName = "3/20000 = 0.00015 rounds up, though its nearest double lies just below the half")]
    [TestCase(1, 3, 0.3333, TestName = "1/3 rounds down")]
    [TestCase(20001, 40000, 0.5, TestName = "20001/40000 = 0.500025 rounds down to 0.5")]
    public void A_rate_rounds_a_half_at_the_fifth_place_away_from_zero(long numerator, long denominator, double expected) =>
        Assert.That(new Rate(numerator, denominator).Value, Is.EqualTo(expected));

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
