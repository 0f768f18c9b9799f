using System.Collections.Concurrent;

namespace Dispatch.Workers.Deadlines;

/// <summary>A consistent snapshot of the calendars, the SLA policies and which department keeps which calendar. Pure.</summary>
public sealed record DeadlineRules(
    IReadOnlyDictionary<string, WorkingCalendar> Calendars,
    IReadOnlyList<SlaPolicy> Policies,
    IReadOnlyDictionary<string, string> DepartmentCalendars,
    string CenterCalendarCode)
{
    /// <summary>A department's own calendar (e.g. a 24×7 utility desk), else the center's.</summary>
    public WorkingCalendar CalendarFor(string? departmentCode) =>
        Calendars[departmentCode is not null && DepartmentCalendars.TryGetValue(departmentCode, out var own) ? own : CenterCalendarCode];

    /// <summary>Versions of policies read for clocks that started under them: a version never changes, so it is read once per snapshot.</summary>
    private readonly ConcurrentDictionary<(long Id, int Version), SlaPolicy?> _versions = new();

    /// <summary>
    /// The policy as it was at <paramref name="version"/>, when that is known without reading it: what a running clock started under
    /// and keeps until it stops (its next alarm is planned by it). The snapshot's own copy when that is the version, else the stored
    /// version read before for this snapshot (<see cref="RememberPolicyAt"/>), else, when that is gone, the policy as it is now; null
    /// when the policy does not exist at all. False when the stored version must be read: <see cref="DeadlineRulesStore.PolicyAtAsync"/>.
    /// </summary>
    public bool TryPolicyAt(long id, int version, out SlaPolicy? policy)
    {
        var current = Policies.FirstOrDefault(p => p.Id == id);
        if (current?.Version == version)
        {
            policy = current;
            return true;
        }

        if (_versions.TryGetValue((id, version), out var stored))
        {
            policy = stored ?? current;
            return true;
        }

        policy = null;
        return false;
    }

    /// <summary>
    /// Keeps the version <paramref name="stored"/> as read (null: it is gone) for the rest of this snapshot, and answers the policy as
    /// <see cref="TryPolicyAt"/> does from now on.
    /// </summary>
    public SlaPolicy? RememberPolicyAt(long id, int version, SlaPolicy? stored)
    {
        _versions.TryAdd((id, version), stored);
        return stored ?? Policies.FirstOrDefault(p => p.Id == id);
    }
}
