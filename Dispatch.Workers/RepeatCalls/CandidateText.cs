namespace Dispatch.Workers.RepeatCalls;

/// <summary>
/// A candidate's text as compared with a probe's, computed once per lookup: its title and its whole text (title and content), each
/// without the bigrams of either address (the place is scored as the place), and its address's own bigrams.
/// </summary>
public sealed record CandidateText(TextSignature Title, TextSignature Text, TextSignature Address)
{
    public static CandidateText Of(SimilarityProbe probe, SimilarityCandidate candidate)
    {
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentNullException.ThrowIfNull(candidate);
        var places = TextSignature.Of(candidate.Address, probe.Location.Address);
        return new CandidateText(TextSignature.Of(candidate.Title).Without(places), TextSignature.Of(candidate.Title, candidate.Content).Without(places),
            TextSignature.Of(candidate.Address));
    }
}
