using System.ComponentModel.DataAnnotations;

namespace Dispatch.Workers.RepeatCalls;

/// <summary>
/// Section "SimilarCases": which cases a repeat call is compared with, how the comparison is scored, and when a caller counts as a
/// repeat caller. The defaults were tuned on the labelled pairs of deploy/bench/data/similar-pairs.json (see docs/repeat-calls.md).
/// </summary>
public sealed class SimilarCasesOptions : IValidatableObject
{
    public const string Section = "SimilarCases";

    /// <summary>An open case is a candidate when it was filed within this long before now.</summary>
    public TimeSpan OpenWindow { get; set; } = TimeSpan.FromDays(60);

    /// <summary>A closed case is a candidate when it was closed within this long before now (a case merged into another never is).</summary>
    public TimeSpan ClosedWindow { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Metres: two places this close or closer are "nearby" (both need coordinates).</summary>
    [Range(10, GeoCells.MaxRadiusMetres)]
    public int RadiusMetres { get; set; } = 500;

    /// <summary>The lowest score (0–1) a case needs to be listed.</summary>
    [Range(0.0, 1.0)]
    public double Threshold { get; set; } = 0.65;

    /// <summary>The most cases an answer lists, best first.</summary>
    [Range(1, 50)]
    public int Limit { get; set; } = 10;

    /// <summary>
    /// The most cases read from each source of candidates (the same category family, the same community, nearby cells, the same caller;
    /// open and closed apart), the most recent first: what bounds the rows one lookup reads, however busy a category or a community is.
    /// </summary>
    [Range(10, 2_000)]
    public int CandidatesPerSource { get; set; } = 200;

    /// <summary>Hours after which the time signal of two filings has halved.</summary>
    [Range(0.1, 24.0 * 365)]
    public double TimeHalfLifeHours { get; set; } = 12;

    /// <summary>How much each signal counts; the score divides by their sum, so only their proportions matter.</summary>
    public SimilarityWeights Weights { get; set; } = new();

    /// <summary>A caller with at least this many cases filed in <see cref="RepeatCallerDays"/> is a repeat caller.</summary>
    [Range(1, 1_000)]
    public int RepeatCallerCases { get; set; } = 3;

    /// <summary>The window, in days up to now, in which a caller's cases are counted for the repeat-caller flag.</summary>
    [Range(1, 366)]
    public int RepeatCallerDays { get; set; } = 30;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, window) in new[] { (nameof(OpenWindow), OpenWindow), (nameof(ClosedWindow), ClosedWindow) })
        {
            if (window < TimeSpan.FromHours(1) || window > TimeSpan.FromDays(366))
            {
                yield return new ValidationResult($"{Section}:{name} must be between an hour and 366 days.", [name]);
            }
        }

        var weights = Weights ?? new SimilarityWeights();
        foreach (var (name, weight) in weights.Named)
        {
            if (double.IsNaN(weight) || weight is < 0 or > 100)
            {
                yield return new ValidationResult($"{Section}:Weights:{name} must be between 0 and 100.", [nameof(Weights)]);
            }
        }

        if (weights.Sum <= 0)
        {
            yield return new ValidationResult($"{Section}:Weights must not all be 0.", [nameof(Weights)]);
        }
        else if (weights.Caller / weights.Sum >= Threshold)
        {
            // The same caller alone must never list a case: the answer would then be a caller lookup, which only the logged
            // caller history may be.
            yield return new ValidationResult(
                $"{Section}:Weights:Caller must be less than {Section}:Threshold of all the weights together, so that the same caller alone never lists a case.",
                [nameof(Weights)]);
        }
    }
}
