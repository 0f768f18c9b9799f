namespace Dispatch.Workers.Cases;

public static class CaseActions
{
    public static string ToWire(this CaseAction action) => action switch
    {
        CaseAction.File => "file",
        CaseAction.CloseDirectly => "close-directly",
        CaseAction.Dispatch => "dispatch",
        CaseAction.Sign => "sign",
        CaseAction.Forward => "forward",
        CaseAction.Return => "return",
        CaseAction.Redispatch => "redispatch",
        CaseAction.RejectReturn => "reject-return",
        CaseAction.Reply => "reply",
        CaseAction.CloseAfterVisit => "close-after-visit",
        CaseAction.Reopen => "reopen",
        CaseAction.RecordVisitAttempt => "record-visit-attempt",
        CaseAction.CloseUnreachable => "close-unreachable",
        CaseAction.Merge => "merge",
        CaseAction.CloseWithMaster => "close-with-master",
        CaseAction.AddNote => "add-note",
        CaseAction.AssistReply => "assist-reply",
        CaseAction.RequestExtension => "request-extension",
        CaseAction.ApproveExtension => "approve-extension",
        CaseAction.RefuseExtension => "refuse-extension",
        CaseAction.Urge => "urge",
        CaseAction.PauseClock => "pause-clock",
        CaseAction.ResumeClock => "resume-clock",
        CaseAction.DeadlineWarning => "deadline-warning",
        CaseAction.MarkOverdue => "mark-overdue",
        CaseAction.Supervise => "supervise",
        CaseAction.AnonymiseCaller => "anonymise-caller",
        CaseAction.Attach => "attach",
        CaseAction.VerifyOnSite => "verify-on-site",
        CaseAction.CloseOnSpot => "close-on-spot",
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
    };

    public static IReadOnlyList<CaseAction> All { get; } = Enum.GetValues<CaseAction>();
}
