using System.Globalization;
using System.Text.Json;
using Dispatch.Workers.Access;
using Dispatch.Workers.Cases;
using Dispatch.Workers.Deadlines;

namespace Dispatch.Tests.Support;

/// <summary>
/// The world the change specs decide in, with no database: a case in each state, its clocks as that state leaves them, the rules
/// they run by (a calendar that always works and a policy counted in natural hours, so every deadline adds up by hand), the
/// people who act, and how a change reads in an assertion.
/// </summary>
public static class ChangeScene
{
    /// <summary>Thursday 2030-01-10 10:00 UTC: when every change in the specs happens.</summary>
    public static readonly DateTimeOffset Now = new(2030, 1, 10, 10, 0, 0, TimeSpan.Zero);

    public static readonly Guid Id = Guid.Parse("01946a1c-0000-7000-8000-000000000001");
    public const string Number = "300110000016";
    public static readonly Guid MasterId = Guid.Parse("01946a1c-0000-7000-8000-000000000002");
    public const string MasterNumber = "300110000024";

    public static readonly Actor Dispatcher = new("dispatcher1", Roles.Dispatcher, null);
    public static readonly Actor LeadHandler = new("um1", Roles.Handler, "UM");
    public static readonly Actor AssistingHandler = new("env1", Roles.Handler, "ENV");
    public static readonly Actor Visitor = new("visitor1", Roles.Visitor, null);
    public static readonly Actor Supervisor = new("supervisor1", Roles.Supervisor, null);

    public static readonly WorkingCalendar Always = new("CENTER", 3, TimeZoneInfo.Utc,
        Enum.GetValues<DayOfWeek>().ToDictionary(d => d, _ => (IReadOnlyList<TimeFrame>)[new TimeFrame(TimeSpan.Zero, TimeSpan.FromDays(1))]),
        [], [], observesHolidays: false);

    /// <summary>Policy 7 v2: sign for it within 2 hours, reply within 24, a warning at half time, supervision 4 hours after the reply deadline.</summary>
    public static readonly SlaPolicy Policy = new(7, 2, 1, "every case", [], null, null, new SlaLimit(2, LimitUnit.NaturalHours),
        new SlaLimit(24, LimitUnit.NaturalHours), [50], AutoReturnOnSignOffBreach: false, SupervisionGraceHours: 4, Enabled: true);

    public static readonly DeadlineRules Rules = RulesWith(Policy);

    public static DeadlineRules RulesWith(params SlaPolicy[] policies) =>
        new(new Dictionary<string, WorkingCalendar> { ["CENTER"] = Always }, policies, new Dictionary<string, string>(), "CENTER");

    public static Dispatch.Workers.Catalogue.Catalogue Catalogue => DemoCatalogue.Instance;

    /// <summary>A complaint as each state of the closed loop leaves it.</summary>
    public static Case InState(CaseState state)
    {
        var filed = new Case(Id, Number, CaseState.Filed, 1, "complaint", "010201", "phone", "normal", new Caller("张三", "13800138000", false),
            new CaseLocation("DM", "DM-S02", null, null, "翠苑一区5幢", null, null), "夜间施工噪声", "晚上11点后工地仍在打桩", null, [], "agent:agent1",
            Now.AddHours(-30), null, null, Now.AddHours(-30))
        {
            AuditHash = "head-of-the-chain",
        };
        var dispatched = filed with
        {
            Status = CaseState.Dispatched, Version = 2, LeadDepartmentCode = "UM", AssistingDepartmentCodes = ["ENV"], DispatchedAt = Now.AddHours(-1),
            UpdatedAt = Now.AddHours(-1), NextDueAt = Now.AddHours(1),
        };
        var signed = dispatched with { Status = CaseState.Signed, Version = 3, SignedAt = Now.AddMinutes(-30), NextDueAt = Now.AddHours(23) };
        var resolved = signed with { Status = CaseState.Resolved, Version = 4, Reply = "已协调停工", ResolvedAt = Now.AddMinutes(-10), NextDueAt = null };
        return state switch
        {
            CaseState.Filed => filed,
            CaseState.Dispatched => dispatched,
            CaseState.Signed => signed,
            CaseState.Returned => dispatched with { Status = CaseState.Returned, Version = 3, NextDueAt = null },
            CaseState.Resolved => resolved,
            CaseState.Closed => resolved with { Status = CaseState.Closed, Version = 5, ClosedAt = Now.AddDays(-1), CloseOutcome = CloseOutcomes.Satisfied },
            CaseState.Merged => filed with { Status = CaseState.Merged, Version = 2, MasterCaseId = MasterId, MasterNumber = MasterNumber },
            _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
        };
    }

    /// <summary>The open case a merge names.</summary>
    public static Case Master { get; } = InState(CaseState.Dispatched) with { Id = MasterId, Number = MasterNumber };

    /// <summary>A clock of policy 7 v2 on the CENTER calendar v3.</summary>
    public static CaseClock Clock(string kind, string state, DateTimeOffset startedAt, DateTimeOffset dueAt, int generation = 1,
        DateTimeOffset? pausedAt = null) =>
        new(kind, generation, state, startedAt, dueAt, kind == ClockKinds.SignOff ? Policy.SignOff : Policy.Reply, Policy.Id, Policy.Version,
            "CENTER", 3, pausedAt, state == ClockStates.Stopped ? Now.AddMinutes(-30) : null, null);

    /// <summary>The clocks as each state leaves them: both run from the dispatch an hour ago; signing stopped the first, a reply or return both.</summary>
    public static IReadOnlyList<CaseClock> ClocksIn(CaseState state)
    {
        var started = Now.AddHours(-1);
        CaseClock SignOff(string s) => Clock(ClockKinds.SignOff, s, started, started.AddHours(2));
        CaseClock Reply(string s) => Clock(ClockKinds.Reply, s, started, started.AddHours(24));
        return state switch
        {
            CaseState.Dispatched => [SignOff(ClockStates.Running), Reply(ClockStates.Running)],
            CaseState.Signed => [SignOff(ClockStates.Stopped), Reply(ClockStates.Running)],
            CaseState.Returned or CaseState.Resolved => [SignOff(ClockStates.Stopped), Reply(ClockStates.Stopped)],
            _ => [],
        };
    }

    /// <summary>A time as an offset from <see cref="Now"/> ("now", "now+2h", "now-30m", "now+35h30m"), as the specs write them.</summary>
    public static string Relative(DateTimeOffset at)
    {
        var offset = at - Now;
        if (offset == TimeSpan.Zero)
        {
            return "now";
        }

        var sign = offset < TimeSpan.Zero ? "-" : "+";
        offset = offset.Duration();
        var hours = (long)offset.TotalHours;
        var minutes = offset.Minutes;
        return "now" + sign + (hours > 0 ? $"{hours}h" : "") + (minutes > 0 ? $"{minutes}m" : "") + (hours == 0 && minutes == 0 ? $"{offset.TotalSeconds}s" : "");
    }

    /// <summary>What a change does to the clocks, one line each, as the specs write it.</summary>
    public static IReadOnlyList<string> Describe(ClockChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var lines = change.Writes.SelectMany(Describe).ToList();
        lines.Add(change.NextDue switch
        {
            NextDue.Known known => $"next due {(known.At is { } at ? Relative(at) : "none")}, on the case",
            _ => "next due unchanged",
        });
        if (change.NextAlarm is { } next)
        {
            lines.Add($"next {next.ClockKind} alarm: {Describe(next.Alarm)} (generation {next.Generation})"
                      + (next.FiredAt is { } fired ? $", fired {Relative(fired)}" : ""));
        }

        return lines;
    }

    private static IEnumerable<string> Describe(ClockWrite write) => write switch
    {
        ClockWrite.Stop s => [$"stop {s.Kind} {Relative(s.At)} after {s.WorkedSeconds.ToString(CultureInfo.InvariantCulture)}s" + (s.KeptOnCase ? ", kept on the case" : "")],
        ClockWrite.DropPendingAlarms d => [$"drop pending alarms of {d.Kind ?? "every clock"}"],
        ClockWrite.Start s => s.Clocks.Select(c =>
            $"start {c.Clock.Kind} generation {c.Clock.Generation} ({(c.Restarts ? "restarted" : "new")}), due {Relative(c.Clock.DueAt)}, " +
            $"policy {c.Clock.PolicyId} v{c.Clock.PolicyVersion}, calendar {c.Clock.CalendarCode} v{c.Clock.CalendarVersion}, " +
            $"first alarm {(c.FirstAlarm is { } a ? Describe(a) : "none")}"),
        ClockWrite.Pause p => [$"pause {p.Kind} {Relative(p.At)}"],
        ClockWrite.Move m => [$"move {m.Kind} to {Relative(m.DueAt)} as generation {m.Generation}, {m.PausedSeconds.ToString(CultureInfo.InvariantCulture)}s more paused"],
        ClockWrite.PlanAlarms p => [$"plan {p.Kind} generation {p.Generation}: {string.Join(", ", p.Alarms.Select(Describe))}"],
        ClockWrite.MarkOverdue o => [$"mark {o.Kind} overdue {Relative(o.At)}"],
        _ => throw new ArgumentOutOfRangeException(nameof(write), write, null),
    };

    private static string Describe(Alarm alarm) => $"{alarm.Kind} {alarm.Percent}% at {Relative(alarm.DueAt)}";

    /// <summary>An event as its type and its JSON: two events read the same when they carry the same values.</summary>
    public static string Describe(object message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return $"{message.GetType().Name} {JsonSerializer.Serialize(message, message.GetType())}";
    }

    /// <summary>A case as JSON: two cases read the same when every field holds the same value.</summary>
    public static string Json(Case @case) => JsonSerializer.Serialize(@case);
}
