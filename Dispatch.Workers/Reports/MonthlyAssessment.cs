namespace Dispatch.Workers.Reports;

/// <summary>
/// The monthly assessment (月度考核通报): the ranking, the red list (红榜: the <see cref="ReportOptions.HonourListSize"/> highest
/// ranked) and the black list (黑榜: as many lowest ranked, never one on the red list), every department's KPI row (the center's
/// included) and the total. Unranked departments are on neither list; their reason is in <see cref="Ranking"/>.
/// </summary>
public sealed record MonthlyAssessment(
    ReportPeriod Period,
    DateTimeOffset GeneratedAt,
    ScoreWeights Weights,
    int MinimumCases,
    IReadOnlyList<RankingEntry> Ranking,
    IReadOnlyList<RankingEntry> RedList,
    IReadOnlyList<RankingEntry> BlackList,
    IReadOnlyList<KpiRow> Departments,
    KpiRow Total,
    IReadOnlyList<Definition> Definitions);

/// <summary>The weights of 响应率, 解决率 and 满意率 in the ranking's score.</summary>
public sealed record ScoreWeights(double Response, double Resolution, double Satisfaction);
