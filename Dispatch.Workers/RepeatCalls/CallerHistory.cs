using Dispatch.Workers.Cases;

namespace Dispatch.Workers.RepeatCalls;

/// <summary>
/// A caller's earlier cases at intake: the newest first (at most the lookup's limit), how many were filed from the phone in the
/// last <paramref name="WindowDays"/> days, and whether that makes a repeat caller (at least <paramref name="RepeatCallerCases"/>).
/// </summary>
public sealed record CallerHistory(
    IReadOnlyList<CaseSummary> Cases,
    bool RepeatCaller,
    int CasesInWindow,
    int WindowDays,
    int RepeatCallerCases);
