namespace Dispatch.Workers.Cases;

/// <summary>What someone asks to do to a case. Each maps to one lifecycle action (a return visit, to one of four).</summary>
public abstract record CaseCommand
{
    private CaseCommand()
    {
    }

    /// <summary>The lifecycle action this command takes on <paramref name="current"/>.</summary>
    public virtual CaseAction ActionFor(Case current, int maxVisitAttempts) => this switch
    {
        Sign => CaseAction.Sign,
        Return => CaseAction.Return,
        AddNote => CaseAction.AddNote,
        AssistReply => CaseAction.AssistReply,
        RequestExtension => CaseAction.RequestExtension,
        ApproveExtension => CaseAction.ApproveExtension,
        RefuseExtension => CaseAction.RefuseExtension,
        Forward => CaseAction.Forward,
        Reply => CaseAction.Reply,
        Dispatch => CaseAction.Dispatch,
        Redispatch => CaseAction.Redispatch,
        RejectReturn => CaseAction.RejectReturn,
        Merge => CaseAction.Merge,
        Urge => CaseAction.Urge,
        Supervise => CaseAction.Supervise,
        CloseDirectly => CaseAction.CloseDirectly,
        PauseClock => CaseAction.PauseClock,
        ResumeClock => CaseAction.ResumeClock,
        ReturnVisit visit => visit.Outcome(current, maxVisitAttempts),
        Attach => CaseAction.Attach,
        VerifyOnSite => CaseAction.VerifyOnSite,
        CloseOnSpot => CaseAction.CloseOnSpot,
        _ => throw new InvalidOperationException($"Unknown command {GetType().Name}."),
    };

    public sealed record Sign : CaseCommand;

    public sealed record Return(string ReasonCode, string Note) : CaseCommand;

    public sealed record AddNote(string Text) : CaseCommand, ICitesAttachments
    {
        public IReadOnlyList<Guid> AttachmentIds { get; init; } = [];
    }

    public sealed record AssistReply(string Text) : CaseCommand, ICitesAttachments
    {
        public IReadOnlyList<Guid> AttachmentIds { get; init; } = [];
    }

    public sealed record RequestExtension(DateTimeOffset Until, string Reason) : CaseCommand;

    public sealed record ApproveExtension(string? Note) : CaseCommand;

    public sealed record RefuseExtension(string Note) : CaseCommand;

    public sealed record Forward(string DepartmentCode, string? Note) : CaseCommand;

    /// <summary>办结反馈, with the files that show the work (整改照片) among the case's attachments.</summary>
    public sealed record Reply(string Text) : CaseCommand, ICitesAttachments
    {
        public IReadOnlyList<Guid> AttachmentIds { get; init; } = [];
    }

    public sealed record Dispatch(string LeadDepartmentCode, IReadOnlyList<string> AssistingDepartmentCodes, string? Note) : CaseCommand;

    public sealed record Redispatch(string LeadDepartmentCode, IReadOnlyList<string> AssistingDepartmentCodes, string? Note) : CaseCommand;

    public sealed record RejectReturn(string Note) : CaseCommand;

    public sealed record Merge(string MasterNumber, string? Note) : CaseCommand;

    public sealed record Urge(string Note) : CaseCommand;

    public sealed record Supervise(string Note) : CaseCommand;

    /// <summary>直接办结: the agent's answer, and the knowledge entries it cites (published ones only, at most 10, none twice).</summary>
    public sealed record CloseDirectly(string Answer) : CaseCommand
    {
        public IReadOnlyList<long> KnowledgeEntryIds { get; init; } = [];
    }

    /// <summary>
    /// A file attached to the case, its bytes already in the blob store; refused when the case carries <paramref name="MaxPerCase"/>
    /// files already.
    /// </summary>
    public sealed record Attach(Attachments.NewAttachment File, int MaxPerCase) : CaseCommand;

    /// <summary>
    /// 上门核实: the grid worker holding the case went there. What they found, where they stood (WGS-84), and at least one photo of the
    /// site among the files on the case it names.
    /// </summary>
    public sealed record VerifyOnSite(string Text, double Latitude, double Longitude) : CaseCommand, ICitesAttachments
    {
        public IReadOnlyList<Guid> AttachmentIds { get; init; } = [];
    }

    /// <summary>就地办结: what the grid worker did on the spot, with at least one photo among the files it names; only as a patrol report is filed.</summary>
    public sealed record CloseOnSpot(string Resolution) : CaseCommand, ICitesAttachments
    {
        public IReadOnlyList<Guid> AttachmentIds { get; init; } = [];
    }

    /// <summary>Waiting on the caller for information: the center stops the reply clock, with a reason.</summary>
    public sealed record PauseClock(string Reason) : CaseCommand;

    public sealed record ResumeClock(string? Note) : CaseCommand;

    /// <summary>回访: reached or not; when reached, resolved or not and how satisfied.</summary>
    public sealed record ReturnVisit(bool Reached, bool? Resolved, string? Satisfaction, string? Comment) : CaseCommand, ICitesAttachments
    {
        public IReadOnlyList<Guid> AttachmentIds { get; init; } = [];

        public CaseAction Outcome(Case current, int maxVisitAttempts)
        {
            ArgumentNullException.ThrowIfNull(current);
            if (!Reached)
            {
                return current.VisitAttempts + 1 >= maxVisitAttempts ? CaseAction.CloseUnreachable : CaseAction.RecordVisitAttempt;
            }

            return Resolved == true && Satisfaction is Satisfactions.Satisfied or Satisfactions.BasicallySatisfied
                ? CaseAction.CloseAfterVisit
                : CaseAction.Reopen;
        }
    }
}

/// <summary>
/// A command that names files already on the case (uploaded with POST /api/cases/{number}/attachments) as its evidence: a note, an
/// assisting department's part reply, the reply (整改照片), a return visit. Each file is cited once.
/// </summary>
public interface ICitesAttachments
{
    IReadOnlyList<Guid> AttachmentIds { get; }
}
