namespace Dispatch.Workers.Cases;

public abstract record ActOutcome
{
    private ActOutcome()
    {
    }

    public sealed record Done(Case Case) : ActOutcome;

    public sealed record Replayed(Case Case) : ActOutcome;

    /// <summary>No such case, or not one this actor may see (a department is not told it exists).</summary>
    public sealed record NotFound : ActOutcome;

    public sealed record Forbidden(string Reason) : ActOutcome;

    /// <summary>The lifecycle refused: the action is not allowed in the case's state.</summary>
    public sealed record Refused(Case Case, CaseDecision.Refused Decision) : ActOutcome;

    public sealed record Invalid(string Field, string Problem) : ActOutcome;

    public sealed record KeyReused : ActOutcome;
}
