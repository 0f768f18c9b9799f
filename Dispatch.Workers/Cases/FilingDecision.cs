namespace Dispatch.Workers.Cases;

/// <summary>What <see cref="CaseChanges.FileAndClose"/> decided: the new case's steps, or why the call may not be answered at intake.</summary>
public abstract record FilingDecision
{
    private FilingDecision()
    {
    }

    /// <summary>The steps that found the case, in order (filed, then closed directly); <see cref="CaseChangeWriter.AddFiled(Storage.SqlBatch, Audit.AuditKeyRing, IReadOnlyList{CaseStep})"/> writes them.</summary>
    public sealed record Filed(IReadOnlyList<CaseStep> Steps) : FilingDecision
    {
        public Case After => Steps[^1].After;
    }

    /// <summary>The answer cannot be given as asked: <paramref name="Field"/> is at fault (a complaint, an entry not published...).</summary>
    public sealed record Invalid(string Field, string Problem) : FilingDecision;
}
