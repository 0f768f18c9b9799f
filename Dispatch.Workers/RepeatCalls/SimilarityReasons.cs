namespace Dispatch.Workers.RepeatCalls;

/// <summary>The kinds of <see cref="SimilarityReason"/>, as the answer spells them.</summary>
public static class SimilarityReasons
{
    public const string SameCategory = "same-category";
    public const string SameFamily = "same-family";
    public const string SameAddress = "same-address";
    public const string SimilarAddress = "similar-address";
    public const string SameGrid = "same-grid";
    public const string SameCommunity = "same-community";
    public const string Nearby = "nearby";
    public const string SimilarText = "similar-text";
    public const string SameCaller = "same-caller";
    public const string FiledApart = "filed-apart";

    public static IReadOnlyList<string> All { get; } =
        [SameCategory, SameFamily, SameAddress, SimilarAddress, SameGrid, SameCommunity, Nearby, SimilarText, SameCaller, FiledApart];
}
