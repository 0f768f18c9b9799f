namespace Dispatch.Workers.Cases;

public abstract record CaseDecision
{
    private CaseDecision()
    {
    }

    public sealed record Allowed(CaseTransition Transition) : CaseDecision;

    public sealed record Refused(CaseState State, CaseAction Action, string Reason, IReadOnlyList<CaseAction> AllowedNow)
        : CaseDecision;
}
