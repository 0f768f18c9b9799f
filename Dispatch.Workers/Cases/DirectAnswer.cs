namespace Dispatch.Workers.Cases;

/// <summary>
/// The answer an agent gave on the call (直接办结 at intake), and the knowledge entries it cites: such a case is filed and closed in one
/// step (<see cref="CaseChanges.FileAndClose"/>) and never dispatched.
/// </summary>
public sealed record DirectAnswer(string Answer, IReadOnlyList<long> KnowledgeEntryIds);
