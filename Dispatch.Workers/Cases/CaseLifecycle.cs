namespace Dispatch.Workers.Cases;

/// <summary>
/// The one state machine every change to a case goes through. Plain code: no bus, no database.
/// Each state lists the actions it allows and where each leads; anything else is refused with the
/// reason and the actions allowed now.
/// </summary>
public static class CaseLifecycle
{
    private static readonly Dictionary<CaseState, Dictionary<CaseAction, CaseState>> Transitions = new()
    {
        [CaseState.Filed] = new()
        {
            [CaseAction.CloseDirectly] = CaseState.Closed,
            // Only with its filing (a patrol report): no one is offered it on a filed case (AllowedActions).
            [CaseAction.CloseOnSpot] = CaseState.Closed,
            [CaseAction.Dispatch] = CaseState.Dispatched,
            [CaseAction.Merge] = CaseState.Merged,
            [CaseAction.AddNote] = CaseState.Filed,
            [CaseAction.Attach] = CaseState.Filed,
        },
        [CaseState.Dispatched] = new()
        {
            [CaseAction.Sign] = CaseState.Signed,
            [CaseAction.Return] = CaseState.Returned,
            [CaseAction.Merge] = CaseState.Merged,
            [CaseAction.AddNote] = CaseState.Dispatched,
            [CaseAction.AssistReply] = CaseState.Dispatched,
            [CaseAction.Urge] = CaseState.Dispatched,
            [CaseAction.Supervise] = CaseState.Dispatched,
            [CaseAction.DeadlineWarning] = CaseState.Dispatched,
            [CaseAction.MarkOverdue] = CaseState.Dispatched,
            [CaseAction.Attach] = CaseState.Dispatched,
        },
        [CaseState.Signed] = new()
        {
            [CaseAction.Forward] = CaseState.Dispatched,
            [CaseAction.Return] = CaseState.Returned,
            [CaseAction.Reply] = CaseState.Resolved,
            [CaseAction.Merge] = CaseState.Merged,
            [CaseAction.AddNote] = CaseState.Signed,
            [CaseAction.AssistReply] = CaseState.Signed,
            [CaseAction.RequestExtension] = CaseState.Signed,
            [CaseAction.ApproveExtension] = CaseState.Signed,
            [CaseAction.RefuseExtension] = CaseState.Signed,
            [CaseAction.Urge] = CaseState.Signed,
            [CaseAction.Supervise] = CaseState.Signed,
            [CaseAction.PauseClock] = CaseState.Signed,
            [CaseAction.ResumeClock] = CaseState.Signed,
            [CaseAction.DeadlineWarning] = CaseState.Signed,
            [CaseAction.MarkOverdue] = CaseState.Signed,
            [CaseAction.Attach] = CaseState.Signed,
            [CaseAction.VerifyOnSite] = CaseState.Signed,
        },
        [CaseState.Returned] = new()
        {
            [CaseAction.Redispatch] = CaseState.Dispatched,
            [CaseAction.RejectReturn] = CaseState.Signed,
            [CaseAction.Merge] = CaseState.Merged,
            [CaseAction.AddNote] = CaseState.Returned,
            [CaseAction.Attach] = CaseState.Returned,
        },
        [CaseState.Resolved] = new()
        {
            [CaseAction.CloseAfterVisit] = CaseState.Closed,
            [CaseAction.Reopen] = CaseState.Dispatched,
            [CaseAction.RecordVisitAttempt] = CaseState.Resolved,
            [CaseAction.CloseUnreachable] = CaseState.Closed,
            [CaseAction.AddNote] = CaseState.Resolved,
            [CaseAction.Attach] = CaseState.Resolved,
        },
        // Nothing more happens to a closed case's handling; only the retention policy removes its caller data, once.
        [CaseState.Closed] = new()
        {
            [CaseAction.AnonymiseCaller] = CaseState.Closed,
        },
        [CaseState.Merged] = new()
        {
            [CaseAction.CloseWithMaster] = CaseState.Closed,
        },
    };

    /// <summary>The action that brings a case into being; it has no state before it.</summary>
    public static CaseTransition File() => new(null, CaseState.Filed, CaseAction.File);

    public static IReadOnlyList<CaseAction> AllowedIn(CaseState state) => [.. Transitions[state].Keys];

    /// <summary>Decides what <paramref name="action"/> does to a case in <paramref name="state"/>.</summary>
    public static CaseDecision Decide(CaseState state, CaseAction action)
    {
        if (Transitions[state].TryGetValue(action, out var to))
        {
            return new CaseDecision.Allowed(new CaseTransition(state, to, action));
        }

        return new CaseDecision.Refused(state, action, RefusalReason(state, action), AllowedIn(state));
    }

    private static string RefusalReason(CaseState state, CaseAction action) => (state, action) switch
    {
        (CaseState.Closed, _) => "the case is closed; nothing more can happen to it",
        (CaseState.Merged, _) => "the case was merged into a master case and follows it",
        (_, CaseAction.File) => "the case was already filed",
        (_, CaseAction.Sign) => "only a dispatched case can be signed for",
        (_, CaseAction.Reply) => "only a signed case can be replied to",
        (_, CaseAction.Dispatch) => "only a filed case can be dispatched; a returned one is re-dispatched",
        (_, CaseAction.Redispatch or CaseAction.RejectReturn) => "only a returned case can be reviewed",
        (_, CaseAction.VerifyOnSite) => "only a signed case is verified on site",
        (_, CaseAction.CloseOnSpot) => "only a patrol report is closed on the spot, as it is filed",
        (_, CaseAction.CloseDirectly) => "only a case that has not been dispatched can be closed directly",
        (_, CaseAction.CloseAfterVisit or CaseAction.Reopen or CaseAction.RecordVisitAttempt or CaseAction.CloseUnreachable)
            => "a return visit is recorded only after the department's reply",
        _ => $"'{action.ToWire()}' is not allowed while the case is {state.ToWire()}",
    };
}
