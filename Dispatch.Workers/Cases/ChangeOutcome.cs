namespace Dispatch.Workers.Cases;

/// <summary>What <see cref="CaseChanges.Decide"/> made of a request: a change to write, or why nothing may change.</summary>
public abstract record ChangeOutcome
{
    private ChangeOutcome()
    {
    }

    public sealed record Changed(CaseChange Change) : ChangeOutcome;

    /// <summary>The lifecycle refused: the action is not allowed in the case's state.</summary>
    public sealed record Refused(CaseDecision.Refused Decision) : ChangeOutcome;

    /// <summary>The request cannot be carried out as asked: <paramref name="Field"/> is at fault.</summary>
    public sealed record Invalid(string Field, string Problem) : ChangeOutcome;
}
