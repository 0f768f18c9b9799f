namespace Dispatch.Workers.Audit;

/// <summary>What a whole verification found: cases checked, intact and broken (the first few named), and the administrative record.</summary>
public sealed record AuditReport(long CasesChecked, long CasesIntact, long CasesBroken, IReadOnlyList<BrokenTrail> FirstBroken, AuditVerdict AdminRecord)
{
    public bool Intact => CasesBroken == 0 && AdminRecord.Intact;
}
