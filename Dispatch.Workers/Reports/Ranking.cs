namespace Dispatch.Workers.Reports;

public sealed record RankingWeights(double Response, double Resolution, double Satisfaction, int MinimumCases);

public sealed record RankingEntry(int Rank, string Department, string? Name, long Dispatched, Rate Response, Rate Resolution, Rate Satisfaction,
    double? Score, string? NotRankedBecause);

/// <summary>The monthly ranking of departments (ReportStore.RankingAsync): each one's rates and weighted score, or why it is not ranked.</summary>
public sealed record Ranking(ReportPeriod Period, DateTimeOffset GeneratedAt, RankingWeights Weights, IReadOnlyList<RankingEntry> Departments,
    IReadOnlyList<Definition> Definitions);
