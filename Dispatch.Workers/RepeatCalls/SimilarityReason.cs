using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Dispatch.Workers.RepeatCalls;

/// <summary>
/// One thing two cases have in common, how much of it, and how many points of the score it gave. Only the field its kind names is
/// present. A reason never names a caller: same-caller says only that the phone is the same.
/// </summary>
public sealed record SimilarityReason(
    [property: Description("same-category, same-family, same-address, similar-address, same-grid, same-community, nearby, similar-text, same-caller or filed-apart.")]
    string Kind,
    [property: Description("What this reason added to the score (the score is the sum of its reasons' points), rounded to 3 decimals.")]
    double Points)
{
    /// <summary>same-category, same-family: the category or family code; same-grid, same-community: the area code.</summary>
    [Description("same-category and same-family: the category (family) code; same-grid and same-community: the area code.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Code { get; init; }

    [Description("nearby: the distance between the two places' coordinates, in whole metres.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Metres { get; init; }

    [Description("similar-text: how much of what the call says the case says too, 0 to 1 (character bigrams, the rarer among the cases compared the heavier); similar-address: how alike the two addresses read, 0 to 1 (Dice's coefficient of their bigrams); 2 decimals.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Similarity { get; init; }

    [Description("filed-apart: the hours between the two filings (or between the call and the case's filing), 1 decimal.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Hours { get; init; }
}
