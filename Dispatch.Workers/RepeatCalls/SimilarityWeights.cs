namespace Dispatch.Workers.RepeatCalls;

/// <summary>How much each signal of <see cref="SimilarityScoring"/> counts (section "SimilarCases:Weights").</summary>
public sealed class SimilarityWeights
{
    /// <summary>The same category (1) or the same category family (<see cref="SimilarityScoring.SameFamilyMatch"/>).</summary>
    public double Category { get; set; } = 0.25;

    /// <summary>The same address, grid, community, or nearby coordinates: the strongest of them.</summary>
    public double Place { get; set; } = 0.40;

    /// <summary>How alike the titles and the contents read (character bigrams).</summary>
    public double Text { get; set; } = 0.10;

    /// <summary>The same caller's phone, when neither caller is confidential.</summary>
    public double Caller { get; set; } = 0.15;

    /// <summary>How close in time the two were filed (halving every <see cref="SimilarCasesOptions.TimeHalfLifeHours"/>).</summary>
    public double Time { get; set; } = 0.10;

    public double Sum => Category + Place + Text + Caller + Time;

    public IEnumerable<(string Name, double Weight)> Named =>
        [(nameof(Category), Category), (nameof(Place), Place), (nameof(Text), Text), (nameof(Caller), Caller), (nameof(Time), Time)];
}
