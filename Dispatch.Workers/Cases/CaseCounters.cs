namespace Dispatch.Workers.Cases;

/// <summary>
/// What one step adds to the counters the reports read from the case row (kept in the step's own update, never recomputed from the
/// audit table): a return (退单), a re-dispatch to another department (改派), an extension asked (延期申请) and one approved, a
/// verification on site (上门核实, the grid report). Pure.
/// </summary>
public readonly record struct CaseCounters(int Returned, int Redispatched, int ExtensionRequested, int ExtensionApproved, int SiteVisits = 0)
{
    public static CaseCounters None => default;

    /// <summary>
    /// The counters <paramref name="step"/> moves, taken from <paramref name="before"/>. 改派量 counts cases sent to another department:
    /// a re-dispatch back to the department that returned the case (its lead before) is not one.
    /// </summary>
    public static CaseCounters Of(Case before, CaseStep step)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(step);
        var action = step.Audit.Action;
        return new(
            Counts(action, CaseAction.Return),
            action == CaseAction.Redispatch.ToWire() && step.After.LeadDepartmentCode != before.LeadDepartmentCode ? 1 : 0,
            Counts(action, CaseAction.RequestExtension),
            Counts(action, CaseAction.ApproveExtension),
            Counts(action, CaseAction.VerifyOnSite));
    }

    private static int Counts(string audited, CaseAction action) => audited == action.ToWire() ? 1 : 0;
}
