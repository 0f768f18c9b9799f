using Dispatch.Workers.Deadlines;

namespace Dispatch.Workers.Cases;

/// <summary>
/// What one decision does to one case: its audited steps in order (usually one; a sign-off breach may mark the case overdue and
/// return it; an alarm that no longer applies, none), and what happens to its clocks. <see cref="CaseChangeWriter"/> writes it.
/// </summary>
public sealed record CaseChange(Case Before, IReadOnlyList<CaseStep> Steps, ClockChange Clocks)
{
    /// <summary>The case closed: the cases merged into it close with it (each a change of its own).</summary>
    public bool ClosesFollowers { get; init; }

    /// <summary>The case afterwards, as the last step left it.</summary>
    public Case After => Steps.Count == 0 ? Before : Steps[^1].After;
}
