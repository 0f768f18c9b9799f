namespace Dispatch.Workers.Cases;

public abstract record FileOutcome
{
    private FileOutcome()
    {
    }

    public sealed record Created(Case Case) : FileOutcome;

    public sealed record Replayed(Case Case) : FileOutcome;

    public sealed record KeyReused : FileOutcome;
}
