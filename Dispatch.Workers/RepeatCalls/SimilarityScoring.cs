namespace Dispatch.Workers.RepeatCalls;

/// <summary>
/// How alike a call (or a filed case) and a candidate case are. Pure: the probe, the candidate as read, the options.
/// Each signal is a strength from 0 to 1 (<see cref="Signals"/>); the score is their weighted mean (<see cref="Weigh"/>), so it runs
/// from 0 to 1 too, and each reason carries the points it added. What each strength is:
/// <list type="bullet">
/// <item>category: 1 for the same category, <see cref="SameFamilyMatch"/> for a sister category of the same family;</item>
/// <item>place: the strongest of the same address (1, <see cref="AddressKey"/>), an address written alike (its bigrams' similarity, from
/// <see cref="SimilarAddressFrom"/> on), nearby coordinates (1 at the same point, falling to <see cref="NearbyAtRadius"/> at the radius),
/// the same grid (<see cref="SameGridMatch"/>) and the same community (<see cref="SameCommunityMatch"/>);</item>
/// <item>text: how much of what the call says the case says too (<see cref="TextSimilarity"/>: bigrams weighted by how rare they
/// are among the cases compared), full strength from <see cref="TextFullAt"/> on: two callers never word one problem the same;</item>
/// <item>caller: 1 for the same phone, and only when neither caller is confidential (a confidential caller's cases are never tied to
/// another's, not even by a flag);</item>
/// <item>time: 1 when filed together, halving every <see cref="SimilarCasesOptions.TimeHalfLifeHours"/>.</item>
/// </list>
/// </summary>
public static class SimilarityScoring
{
    public const double SameFamilyMatch = 0.5;
    public const double SameGridMatch = 0.8;
    public const double SameCommunityMatch = 0.5;
    public const double NearbyAtRadius = 0.5;
    public const double SimilarAddressFrom = 0.5;
    public const double TextFullAt = 0.15;

    /// <summary>How much of the text's similarity the titles give; the rest comes from title and content read together.</summary>
    public const double TitleShare = 0.5;

    /// <summary>
    /// The strength of each signal between <paramref name="probe"/> and every one of <paramref name="candidates"/>, in their order: the
    /// texts compared with the bigrams weighted by their <see cref="TextRarity"/> among the probe and these candidates.
    /// </summary>
    public static IReadOnlyList<SimilaritySignals> Signals(SimilarityProbe probe, IReadOnlyList<SimilarityCandidate> candidates, SimilarCasesOptions options)
    {
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentNullException.ThrowIfNull(candidates);
        var texts = candidates.Select(c => CandidateText.Of(probe, c)).ToList();
        var rarity = TextRarity.Among([probe.Text, .. texts.Select(t => t.Text)]);
        return [.. candidates.Select((c, i) => Signals(probe, c, texts[i], rarity, options))];
    }

    /// <summary>The strength of each signal between <paramref name="probe"/> and one candidate, its text weighed by <paramref name="rarity"/>.</summary>
    public static SimilaritySignals Signals(SimilarityProbe probe, SimilarityCandidate candidate, CandidateText text, TextRarity rarity,
        SimilarCasesOptions options)
    {
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(options);
        var (category, categoryMatch) = Category(probe, candidate);
        var (place, placeMatch) = Place(probe, candidate, text, options.RadiusMetres);
        var similarity = TextSimilarity(probe, text, rarity);
        var caller = probe.ComparablePhone is not null && candidate.SameCaller == 1 && !candidate.CallerConfidential ? 1 : 0;
        var hours = Math.Abs((probe.At - candidate.FiledAt).TotalHours);
        return new SimilaritySignals(category, categoryMatch, place, placeMatch, Math.Min(1, similarity / TextFullAt), similarity, caller,
            Math.Pow(0.5, hours / options.TimeHalfLifeHours), hours);
    }

    /// <summary>The score of <paramref name="signals"/> under <paramref name="weights"/>, with a reason for every signal that added points, largest first.</summary>
    public static (double Score, IReadOnlyList<SimilarityReason> Reasons) Weigh(SimilaritySignals signals, SimilarityWeights weights)
    {
        ArgumentNullException.ThrowIfNull(signals);
        ArgumentNullException.ThrowIfNull(weights);
        var sum = weights.Sum;
        var reasons = new List<SimilarityReason>(6);
        void Add(double weight, double strength, SimilarityReason? reason)
        {
            var points = Math.Round(weight * strength / sum, 3);
            if (points > 0 && reason is not null)
            {
                reasons.Add(reason with { Points = points });
            }
        }

        Add(weights.Category, signals.Category, signals.CategoryMatch);
        Add(weights.Place, signals.Place, signals.PlaceMatch);
        Add(weights.Text, signals.Text, new SimilarityReason(SimilarityReasons.SimilarText, 0) { Similarity = Math.Round(signals.TextSimilarity, 2) });
        Add(weights.Caller, signals.Caller, new SimilarityReason(SimilarityReasons.SameCaller, 0));
        Add(weights.Time, signals.Time, new SimilarityReason(SimilarityReasons.FiledApart, 0) { Hours = Math.Round(signals.HoursApart, 1) });
        reasons.Sort((a, b) => b.Points.CompareTo(a.Points));
        return (Math.Round(reasons.Sum(r => r.Points), 3), reasons);
    }

    /// <summary>
    /// How alike the two texts read, 0 to 1: how much of what the probe says the candidate says too (<see cref="TextSignature.Covered"/>:
    /// its bigrams weighted by their <paramref name="rarity"/>), the titles' and the whole texts' (title and content) averaged by
    /// <see cref="TitleShare"/>; both without the bigrams of either address (the place counts once, as the place).
    /// </summary>
    public static double TextSimilarity(SimilarityProbe probe, CandidateText text, TextRarity rarity)
    {
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentNullException.ThrowIfNull(text);
        return (TitleShare * probe.TitleText.Without(text.Address).Covered(text.Title, rarity))
               + ((1 - TitleShare) * probe.Text.Without(text.Address).Covered(text.Text, rarity));
    }

    private static (double, SimilarityReason?) Category(SimilarityProbe probe, SimilarityCandidate candidate) =>
        candidate.CategoryCode == probe.CategoryCode ? (1, new SimilarityReason(SimilarityReasons.SameCategory, 0) { Code = candidate.CategoryCode })
        : probe.Family.Members.Contains(candidate.CategoryCode) ? (SameFamilyMatch, new SimilarityReason(SimilarityReasons.SameFamily, 0) { Code = probe.Family.Code })
        : (0, null);

    private static (double, SimilarityReason?) Place(SimilarityProbe probe, SimilarityCandidate candidate, CandidateText text, int radiusMetres)
    {
        var location = probe.Location;
        var best = (Strength: 0.0, Reason: (SimilarityReason?)null);
        void Consider(double strength, SimilarityReason reason)
        {
            if (strength > best.Strength)
            {
                best = (strength, reason);
            }
        }

        if (probe.AddressKey.Length > 0 && !string.IsNullOrEmpty(candidate.Address))
        {
            if (AddressKey.Same(probe.AddressKey, AddressKey.Of(candidate.Address)))
            {
                Consider(1, new SimilarityReason(SimilarityReasons.SameAddress, 0));
            }
            else if (probe.AddressText.Dice(text.Address) is var alike and >= SimilarAddressFrom)
            {
                Consider(alike, new SimilarityReason(SimilarityReasons.SimilarAddress, 0) { Similarity = Math.Round(alike, 2) });
            }
        }

        if (location is { Latitude: { } latitude, Longitude: { } longitude } && candidate is { Latitude: { } otherLatitude, Longitude: { } otherLongitude })
        {
            var metres = GeoCells.Metres(latitude, longitude, otherLatitude, otherLongitude);
            if (metres <= radiusMetres)
            {
                Consider(1 - ((1 - NearbyAtRadius) * metres / radiusMetres), new SimilarityReason(SimilarityReasons.Nearby, 0) { Metres = (int)Math.Round(metres) });
            }
        }

        if (location.GridCode is { } grid && grid == candidate.GridCode)
        {
            Consider(SameGridMatch, new SimilarityReason(SimilarityReasons.SameGrid, 0) { Code = grid });
        }

        if (location.CommunityCode is { } community && community == candidate.CommunityCode)
        {
            Consider(SameCommunityMatch, new SimilarityReason(SimilarityReasons.SameCommunity, 0) { Code = community });
        }

        return best;
    }
}
