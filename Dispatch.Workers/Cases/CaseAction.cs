namespace Dispatch.Workers.Cases;

/// <summary>Everything that can happen to a case. Wire names (kebab-case) are what the audit table records.</summary>
public enum CaseAction
{
    /// <summary>受理: the agent records the call.</summary>
    File,
    /// <summary>直接办结: answered on the call.</summary>
    CloseDirectly,
    /// <summary>派单: routing rules or a dispatcher assign a lead department.</summary>
    Dispatch,
    /// <summary>签收.</summary>
    Sign,
    /// <summary>二级派单: the lead department forwards to one of its sub-units, which must sign again.</summary>
    Forward,
    /// <summary>退单: back to the center with a reason.</summary>
    Return,
    /// <summary>改派: the center sends a returned case to another department.</summary>
    Redispatch,
    /// <summary>The center refuses a return; the department must handle the case.</summary>
    RejectReturn,
    /// <summary>办结反馈.</summary>
    Reply,
    /// <summary>Return visit: satisfied or basically satisfied.</summary>
    CloseAfterVisit,
    /// <summary>重办: return visit found it unresolved or the caller dissatisfied.</summary>
    Reopen,
    /// <summary>Return visit could not reach the caller; attempts remain.</summary>
    RecordVisitAttempt,
    /// <summary>Return visit could not reach the caller after the configured attempts.</summary>
    CloseUnreachable,
    /// <summary>并单: a repeat of an open master case.</summary>
    Merge,
    /// <summary>A merged case's master closed, so it closes too.</summary>
    CloseWithMaster,
    AddNote,
    /// <summary>An assisting department's (协办) part of the reply; it does not close the case.</summary>
    AssistReply,
    /// <summary>延期申请.</summary>
    RequestExtension,
    ApproveExtension,
    RefuseExtension,
    /// <summary>催办.</summary>
    Urge,
    /// <summary>The center approves waiting on the caller for information: the reply clock stops running.</summary>
    PauseClock,
    ResumeClock,
    /// <summary>The sweeper: a warning threshold of a clock was reached.</summary>
    DeadlineWarning,
    /// <summary>The sweeper: a clock ran out (overdue for sign-off or for reply).</summary>
    MarkOverdue,
    /// <summary>督办.</summary>
    Supervise,
    /// <summary>A file attached to the case (a photo, a PDF, a recording or a link to one): audited like any action, the case's state unchanged.</summary>
    Attach,
    /// <summary>上门核实: the grid worker holding the case went there — a note with photos and the coordinates; the state unchanged.</summary>
    VerifyOnSite,
    /// <summary>就地办结: a grid worker's patrol report closed as it is filed, resolved where it was found, with its photos.</summary>
    CloseOnSpot,
    /// <summary>Retention: the caller's name and phone and the return visits' comments of a case closed long enough ago are removed.</summary>
    AnonymiseCaller,
}
