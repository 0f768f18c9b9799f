namespace Dispatch.Workers.Cases;

public abstract record FileOutcome
{
    private FileOutcome()
    {
    }

    public sealed record Created(Case Case) : FileOutcome;

    public sealed record Replayed(Case Case) : FileOutcome;

    public sealed record KeyReused : FileOutcome;

    /// <summary>This person may not answer a case directly (<see cref="Access.CaseAccess"/>): nothing was written.</summary>
    public sealed record Forbidden(string Reason) : FileOutcome;

    /// <summary>The direct answer cannot be given as asked (<see cref="FilingDecision.Invalid"/>): nothing was written.</summary>
    public sealed record Invalid(string Field, string Problem) : FileOutcome;
}
