using System.ComponentModel.DataAnnotations;

namespace Dispatch.Workers.Reports;

/// <summary>Section "Reports".</summary>
public sealed class ReportOptions : IValidatableObject
{
    public const string Section = "Reports";

    /// <summary>Weights of 响应率, 解决率 and 满意率 in the monthly ranking's score; they add up to 1.</summary>
    [Range(0.0, 1.0)]
    public double ResponseWeight { get; set; } = 0.3;

    [Range(0.0, 1.0)]
    public double ResolutionWeight { get; set; } = 0.3;

    [Range(0.0, 1.0)]
    public double SatisfactionWeight { get; set; } = 0.4;

    /// <summary>Below this many dispatched cases in the month a department is listed but not ranked.</summary>
    [Range(1, 1_000_000)]
    public int RankingMinimumCases { get; set; } = 10;

    /// <summary>At most this many cases per department (and per waiting list) in the live view.</summary>
    [Range(1, 10_000)]
    public int LiveListLimit { get; set; } = 100;

    [Range(1, 1_000)]
    public int HotspotGrowthTop { get; set; } = 20;

    /// <summary>How many departments the monthly assessment puts on its red list (红榜), and as many on its black list (黑榜).</summary>
    [Range(1, 100)]
    public int HonourListSize { get; set; } = 3;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Math.Abs(ResponseWeight + ResolutionWeight + SatisfactionWeight - 1) > 0.0001)
        {
            yield return new($"Reports: ResponseWeight + ResolutionWeight + SatisfactionWeight must add up to 1 (they add up to {ResponseWeight + ResolutionWeight + SatisfactionWeight}).",
                [nameof(ResponseWeight), nameof(ResolutionWeight), nameof(SatisfactionWeight)]);
        }
    }
}
