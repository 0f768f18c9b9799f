namespace Dispatch.Workers.Reports;

/// <summary>A knowledge entry and how often direct answers cited it in the period.</summary>
public sealed record CitedEntry(long Id, string Title, string DepartmentCode, string? DepartmentName, long Citations);

/// <summary>A query text the knowledge base's search found nothing for: how often it was asked in the period, and when last.</summary>
public sealed record SearchWithoutResults(string Query, long Searches, DateTimeOffset LastSearchedAt);

/// <summary>直办率 of one category (or of all, <see cref="CategoryCode"/> null): cases closed directly over cases received.</summary>
public sealed record DirectAnswers(string? CategoryCode, string? CategoryName, long Received, long ClosedDirectly, Rate Rate);

/// <summary>
/// How the knowledge base is used: the entries cited most, the searches that found nothing (what the knowledge base lacks), and the
/// direct-answer rate by category, for the cases filed (and the citations and searches made) in <see cref="Period"/>.
/// </summary>
public sealed record KnowledgeUseReport(
    ReportPeriod Period,
    DateTimeOffset GeneratedAt,
    int Limit,
    IReadOnlyList<CitedEntry> MostCited,
    IReadOnlyList<SearchWithoutResults> SearchesWithoutResults,
    IReadOnlyList<DirectAnswers> DirectAnswersByCategory,
    DirectAnswers DirectAnswersTotal,
    IReadOnlyList<Definition> Definitions);

/// <summary>What each part of the knowledge-use report counts: served with it and written in docs/reports.md, word for word.</summary>
public static class KnowledgeUseDefinitions
{
    public static IReadOnlyList<Definition> All { get; } =
    [
        new("mostCited", "最常引用 entries cited most",
            "Knowledge entries by the number of cases whose direct answer cited them in the period (by citation time), most first, at most limit; " +
            "each with its owning department.", null),
        new("searchesWithoutResults", "无结果检索 searches that found nothing",
            "Knowledge-base searches in the period that found no entry, grouped by the query text exactly as typed: how many, and the last; " +
            "most asked first, at most limit.", null),
        new("directAnswers", "直办率 direct-answer rate by category",
            "Cases closed directly at the center (filed with a direct answer, or closed directly after filing), per category the case was filed under.",
            "Cases received in the category (filed in the period)."),
    ];
}
