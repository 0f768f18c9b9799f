namespace Dispatch.Workers.Cases;

/// <summary>The states of the closed loop (受理→派单→签收→办理→反馈→回访→办结). Wire names are in <see cref="CaseStates"/>.</summary>
public enum CaseState
{
    Filed,
    Dispatched,
    Signed,
    Returned,
    Resolved,
    Closed,
    Merged,
}
