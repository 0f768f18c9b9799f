namespace Dispatch.Workers.Cases;

public sealed record CasePage(IReadOnlyList<CaseSummary> Items, int Page, int PageSize, long Total);
