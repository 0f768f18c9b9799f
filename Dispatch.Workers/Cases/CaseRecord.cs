namespace Dispatch.Workers.Cases;

/// <summary>What a step keeps beside the case row: facts the reports count, or what the retention policy removes.</summary>
public abstract record CaseRecord
{
    private CaseRecord()
    {
    }

    /// <summary>退单 by <paramref name="DepartmentCode"/>; in time when the case was not overdue for sign-off (the return rate counts both).</summary>
    public sealed record Returned(string DepartmentCode, bool InTime, DateTimeOffset At) : CaseRecord;

    /// <summary>
    /// A return-visit attempt (回访) as data: what resolution and satisfaction are counted from. The caller's comment lives only
    /// here, where retention can remove it, never in the audit entry.
    /// </summary>
    public sealed record Visited(int Attempt, bool Reached, bool? Resolved, string? Satisfaction, string? Comment, string? DepartmentCode,
        string VisitedBy, DateTimeOffset At) : CaseRecord;

    /// <summary>
    /// The knowledge entries a direct answer cited (知识库引用), by <paramref name="CitedBy"/>: one <c>knowledge_citations</c> row each,
    /// what the knowledge-use report counts. The audit entry names them too.
    /// </summary>
    public sealed record Cited(IReadOnlyList<long> EntryIds, string CitedBy, DateTimeOffset At) : CaseRecord;

    /// <summary>A file attached by <paramref name="UploadedBy"/>, by the audit row <paramref name="Seq"/>: one <c>case_attachments</c> row.</summary>
    public sealed record Attached(Attachments.NewAttachment File, string UploadedBy, int Seq, DateTimeOffset At) : CaseRecord;

    /// <summary>
    /// Files uploaded before the case was filed (<see cref="Attachments.StagedAttachments"/>) that its filing, audited as
    /// <paramref name="Seq"/>, attaches: their rows gain the case.
    /// </summary>
    public sealed record StagedFilesAttached(IReadOnlyList<Guid> Ids, int Seq) : CaseRecord
    {
        public bool Equals(StagedFilesAttached? other) => other is not null && Ids.SequenceEqual(other.Ids) && Seq == other.Seq;

        public override int GetHashCode() => HashCode.Combine(Seq, Ids.Count);
    }

    /// <summary>Files on the case named as the evidence of the action audited as <paramref name="Seq"/> (<paramref name="Action"/>).</summary>
    public sealed record AttachmentsCited(IReadOnlyList<Guid> Ids, int Seq, string Action) : CaseRecord
    {
        public bool Equals(AttachmentsCited? other) =>
            other is not null && Ids.SequenceEqual(other.Ids) && Seq == other.Seq && Action == other.Action;

        public override int GetHashCode() => HashCode.Combine(Seq, Action, Ids.Count);
    }

    /// <summary>The caller's name and phone and the return visits' comments are removed, and the case marked so it is not claimed again.</summary>
    public sealed record CallerAnonymised(DateTimeOffset At) : CaseRecord;
}
