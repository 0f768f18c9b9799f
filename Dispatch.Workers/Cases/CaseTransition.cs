namespace Dispatch.Workers.Cases;

/// <summary>One step of the lifecycle; <see cref="From"/> is null only for filing.</summary>
public sealed record CaseTransition(CaseState? From, CaseState To, CaseAction Action)
{
    public bool ChangesState => From != To;
}
