using Dispatch.Workers.Cases;
using Dispatch.Workers.Catalogue;
using Microsoft.Extensions.Options;

namespace Dispatch.Workers.RepeatCalls;

/// <summary>
/// Finds the cases a call (or a filed case) may repeat (重复件): reads the candidates (<see cref="SimilarCaseStore"/>), scores each
/// (<see cref="SimilarityScoring"/>) and keeps those at or above the threshold, best first. Reads only; writes nothing.
/// </summary>
public sealed class SimilarCaseFinder(
    SimilarCaseStore store,
    CaseQueries cases,
    CatalogueStore catalogues,
    TimeProvider clock,
    IOptions<SimilarCasesOptions> options)
{
    /// <summary>The cases the call being taken may repeat, as of now.</summary>
    public async Task<SimilarCases> ForCallAsync(NewCase draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var catalogue = await catalogues.GetAsync(cancellationToken);
        var now = clock.GetUtcNow();
        return await FindAsync(SimilarityProbe.ForCall(draft, CategoryFamily.Of(catalogue, draft.CategoryCode), now), now, cancellationToken);
    }

    /// <summary>
    /// The cases the filed case <paramref name="number"/> may repeat or be repeated by, other than itself and the cases merged into
    /// it; null when there is no such case.
    /// </summary>
    public async Task<SimilarCases?> ForCaseAsync(string number, CancellationToken cancellationToken)
    {
        if (await cases.FindByNumberAsync(number, cancellationToken) is not { } filed)
        {
            return null;
        }

        var catalogue = await catalogues.GetAsync(cancellationToken);
        return await FindAsync(SimilarityProbe.ForCase(filed, CategoryFamily.Of(catalogue, filed.CategoryCode)), clock.GetUtcNow(), cancellationToken);
    }

    private async Task<SimilarCases> FindAsync(SimilarityProbe probe, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var candidates = await store.CandidatesAsync(probe, now, o, cancellationToken);
        return new SimilarCases(Rank(probe, candidates, o));
    }

    /// <summary>
    /// The candidates scored against <paramref name="probe"/>, those at or above the threshold, best first (the newer of two equal
    /// scores first), at most the limit. A case merged into the probe's case is never listed: it is already one with it.
    /// </summary>
    public static IReadOnlyList<SimilarCase> Rank(SimilarityProbe probe, IEnumerable<SimilarityCandidate> candidates, SimilarCasesOptions options)
    {
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(options);
        var compared = candidates.Where(c => c.Id != probe.CaseId && (probe.CaseId is not { } own || c.MasterCaseId != own)).ToList();
        var signals = SimilarityScoring.Signals(probe, compared, options);
        var found = new List<SimilarCase>();
        for (var i = 0; i < compared.Count; i++)
        {
            var candidate = compared[i];
            var (score, reasons) = SimilarityScoring.Weigh(signals[i], options.Weights);
            if (score >= options.Threshold)
            {
                found.Add(new SimilarCase(candidate.Number, score, reasons, candidate.Status, candidate.FiledAt, candidate.ClosedAt, candidate.Title,
                    candidate.CategoryCode));
            }
        }

        return [.. found.OrderByDescending(c => c.Score).ThenByDescending(c => c.FiledAt).ThenBy(c => c.Number, StringComparer.Ordinal).Take(options.Limit)];
    }
}
