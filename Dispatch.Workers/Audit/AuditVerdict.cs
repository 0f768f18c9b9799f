namespace Dispatch.Workers.Audit;

/// <summary>Whether a sealed record holds; if not, its first row that fails and why.</summary>
public sealed record AuditVerdict(bool Intact, long? FirstBrokenSeq, string? Problem)
{
    public static AuditVerdict Holds { get; } = new(true, null, null);

    public static AuditVerdict Broken(long seq, string problem) => new(false, seq, problem);
}
