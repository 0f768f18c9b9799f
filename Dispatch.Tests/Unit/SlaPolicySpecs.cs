using System.Text.Json;
using Dispatch.Workers.Catalogue;
using Dispatch.Workers.Deadlines;

namespace Dispatch.Tests.Unit;

[Category("Unit")]
public sealed class SlaPolicySpecs
{
    private static readonly IReadOnlyList<SlaPolicy> Seeded = [.. DemoSeed.Load().SlaPolicies.Select(p => p.ToPolicy(1))];

    [TestCase("complaint", "010201", "urgent", 1L, TestName = "urgent runs on natural time, whatever the category")]
    [TestCase("help", "070101", "normal", 2L, TestName = "water, power, gas and heating: 24 h")]
    [TestCase("report", "010301", "normal", 3L, TestName = "illegal construction is complex: 15 working days")]
    [TestCase("complaint", "020202", "normal", 4L, TestName = "dangerous buildings are complex too")]
    [TestCase("complaint", "010201", "normal", 5L, TestName = "everything else: 1 and 5 working days")]
    public void Selects_the_first_matching_policy_by_priority(string requestType, string category, string urgency, long expected)
    {
        Assert.That(SlaPolicy.Select(Seeded, requestType, category, urgency)?.Id, Is.EqualTo(expected));
    }

    [Test]
    public void The_seeded_policies_are_the_public_examples()
    {
        var byId = Seeded.ToDictionary(p => p.Id);

        Assert.Multiple(() =>
        {
            Assert.That(byId[1].Reply, Is.EqualTo(new SlaLimit(2, LimitUnit.NaturalHours)));
            Assert.That(byId[2].Reply, Is.EqualTo(new SlaLimit(24, LimitUnit.NaturalHours)));
            Assert.That(byId[3].Reply, Is.EqualTo(new SlaLimit(15, LimitUnit.WorkingDays)));
            Assert.That((byId[5].SignOff, byId[5].Reply), Is.EqualTo((new SlaLimit(1, LimitUnit.WorkingDays), new SlaLimit(5, LimitUnit.WorkingDays))));
            Assert.That(Seeded.All(p => p.WarningPercents.SequenceEqual([50, 80])), Is.True);
        });
    }

    [Test]
    public void A_stored_policy_keeps_its_units_as_numbers_so_an_earlier_release_reads_it()
    {
        var policy = Seeded.Single(p => p.Id == 5);

        var stored = JsonSerializer.Serialize(policy, JsonSerializerOptions.Web);

        Assert.Multiple(() =>
        {
            // What DeadlineRulesStore writes into sla_policy_versions and reads back: the enum's numbers, both ways.
            Assert.That(JsonDocument.Parse(stored).RootElement.GetProperty("reply").GetProperty("unit").GetInt32(), Is.EqualTo((int)LimitUnit.WorkingDays));
            Assert.That(JsonSerializer.Deserialize<SlaPolicy>(stored, JsonSerializerOptions.Web), Is.EqualTo(policy).Using<SlaPolicy>((a, b) =>
                JsonSerializer.Serialize(a, JsonSerializerOptions.Web) == JsonSerializer.Serialize(b, JsonSerializerOptions.Web)));
        });
    }

    [Test]
    public void A_disabled_policy_is_passed_over_and_no_match_means_no_clock()
    {
        var only = Seeded.Single(p => p.Id == 2) with { Enabled = false };

        Assert.Multiple(() =>
        {
            Assert.That(SlaPolicy.Select([only], "help", "070101", "normal"), Is.Null);
            Assert.That(SlaPolicy.Select(Seeded.Where(p => p.Id == 2), "help", "010101", "normal"), Is.Null);
        });
    }

    [Test]
    public void Warnings_fall_at_their_share_of_the_clocks_working_time_and_supervision_after_the_grace()
    {
        var general = Seeded.Single(p => p.Id == 5);
        var start = new DateTimeOffset(2026, 9, 30, 10, 0, 0, TimeSpan.FromHours(8));

        var plan = ClockPlan.Plan(ClockKinds.SignOff, start, general, WorkingCalendarSpecs.Center);
        var reply = ClockPlan.Plan(ClockKinds.Reply, start, general, WorkingCalendarSpecs.Center);

        Assert.Multiple(() =>
        {
            Assert.That(plan.Clock.DueAt, Is.EqualTo(new DateTimeOffset(2026, 10, 8, 10, 0, 0, TimeSpan.FromHours(8))), "1 working day across National Day");
            Assert.That(plan.Alarms.Select(a => (a.Kind, a.Percent, a.DueAt)), Is.EqualTo(new[]
            {
                (AlarmKinds.Warning, 50, new DateTimeOffset(2026, 9, 30, 15, 0, 0, TimeSpan.FromHours(8))),
                (AlarmKinds.Warning, 80, new DateTimeOffset(2026, 9, 30, 17, 6, 0, TimeSpan.FromHours(8))), // 2 h before lunch, 3 h 36 after
                (AlarmKinds.Overdue, 100, plan.Clock.DueAt),
            }));
            Assert.That(reply.Clock.DueAt, Is.EqualTo(new DateTimeOffset(2026, 10, 13, 10, 0, 0, TimeSpan.FromHours(8))), "5 working days, the make-up Saturday counted");
            Assert.That(reply.Alarms[^1], Is.EqualTo(new Alarm(AlarmKinds.Supervise, 101, new DateTimeOffset(2026, 10, 14, 10, 0, 0, TimeSpan.FromHours(8)))));
        });
    }

    [Test]
    public void A_natural_time_clock_ignores_the_calendar()
    {
        var urgent = Seeded.Single(p => p.Id == 1);
        var start = new DateTimeOffset(2026, 10, 1, 23, 0, 0, TimeSpan.FromHours(8));

        var plan = ClockPlan.Plan(ClockKinds.Reply, start, urgent, WorkingCalendarSpecs.Center);

        Assert.Multiple(() =>
        {
            Assert.That(plan.Clock.DueAt, Is.EqualTo(start.AddHours(2)));
            Assert.That(plan.Alarms.Select(a => a.DueAt), Is.EqualTo(new[] { start.AddHours(1), start.AddHours(1.6), start.AddHours(2), start.AddHours(3) }));
        });
    }
}
