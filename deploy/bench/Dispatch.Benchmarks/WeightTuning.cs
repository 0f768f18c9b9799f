using Dispatch.Workers.RepeatCalls;

namespace Dispatch.Benchmarks;

/// <summary>
/// Chooses the similar-case weights, the threshold, where text similarity counts in full and the time's half-life from the labelled
/// pairs (deploy/bench/run similar --tune): a random search over them, each tried on the pairs that are not held out, keeping the one
/// with the best F1 of "a is in b's top 3 at or above the threshold". Every candidate's signals are computed once by the product's
/// own <see cref="SimilarityScoring.Signals"/>; only the weighing is redone here, as <see cref="SimilarityScoring.Weigh"/> does it.
/// </summary>
public static class WeightTuning
{
    /// <summary>A candidate's signals as tuning needs them: the raw text similarity and the hours apart, so both can be re-weighed.</summary>
    public readonly record struct Signals(double Category, double Place, double Text, double Caller, double Hours);

    /// <summary>One pair's lookup: the candidates b's lookup read, and which of them is a (-1 when a was not read at all).</summary>
    public sealed record Lookup(SimilarPairs.Pair Pair, IReadOnlyList<Signals> Candidates, int A);

    /// <param name="BackgroundListed">The mean number of background cases b's lookup lists at or above the threshold (a left out): what a
    /// dispatcher wades through when there is nothing to find.</param>
    public sealed record Choice(SimilarityWeights Weights, double TextFullAt, double HalfLifeHours, double Threshold, Confusion Tuned, Confusion HeldOut,
        double BackgroundListed, double Cap);

    public readonly record struct Confusion(int TruePositives, int FalsePositives, int FalseNegatives, int TrueNegatives)
    {
        public double Precision => TruePositives + FalsePositives == 0 ? 1 : TruePositives / (double)(TruePositives + FalsePositives);
        public double Recall => TruePositives + FalseNegatives == 0 ? 1 : TruePositives / (double)(TruePositives + FalseNegatives);
        public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);

        public Confusion With(bool duplicate, bool predicted) => (duplicate, predicted) switch
        {
            (true, true) => this with { TruePositives = TruePositives + 1 },
            (false, true) => this with { FalsePositives = FalsePositives + 1 },
            (true, false) => this with { FalseNegatives = FalseNegatives + 1 },
            _ => this with { TrueNegatives = TrueNegatives + 1 },
        };
    }

    private static readonly double[] TextFullAts = [0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7, 0.85, 1.0];
    private static readonly double[] HalfLives = [6, 12, 24, 48, 72, 168];

    /// <summary>
    /// The best settings for each cap on the background cases listed per lookup (<paramref name="caps"/>): the best F1 on the tuning
    /// pairs among the settings whose lookups list at most that many background cases on average. Without a cap the search would
    /// lower the threshold until everything is listed, since a in b's top 3 is all the pairs ask.
    /// </summary>
    public static IReadOnlyList<Choice> Search(IReadOnlyList<Lookup> lookups, IReadOnlyList<double> caps, int tries, int seed, int limit)
    {
        var random = new Random(seed);
        var tuning = lookups.Where(l => !l.Pair.HeldOut).Select(Pruned).ToList();
        var heldOut = lookups.Where(l => l.Pair.HeldOut).Select(Pruned).ToList();
        var best = new Choice?[caps.Count];
        Choice? defaults = null;
        for (var t = 0; t < tries; t++)
        {
            // Weights in twentieths; the caller's at most a fifth, so that the same phone never decides on its own.
            var weights = t == 0
                ? new SimilarityWeights()
                : new SimilarityWeights
                {
                    Category = random.Next(21) / 20.0, Place = random.Next(21) / 20.0, Text = random.Next(21) / 20.0,
                    Caller = random.Next(5) / 20.0, Time = random.Next(11) / 20.0,
                };
            if (weights.Sum <= 0)
            {
                continue;
            }

            var textFullAt = t == 0 ? SimilarityScoring.TextFullAt : TextFullAts[random.Next(TextFullAts.Length)];
            var halfLife = t == 0 ? new SimilarCasesOptions().TimeHalfLifeHours : HalfLives[random.Next(HalfLives.Length)];
            var scored = tuning.Select(l => Scores(l, weights, textFullAt, halfLife)).ToList();
            for (var threshold = 0.20; threshold <= 0.90; threshold += 0.01)
            {
                if (weights.Caller / weights.Sum >= threshold)
                {
                    continue;
                }

                var (confusion, listed) = Evaluate(tuning, scored, threshold, limit);
                if (t == 0 && Math.Abs(threshold - new SimilarCasesOptions().Threshold) < 0.005)
                {
                    defaults = new Choice(weights, textFullAt, halfLife, Math.Round(threshold, 2), confusion, default, listed, double.NaN);
                }

                for (var c = 0; c < caps.Count; c++)
                {
                    if (listed <= caps[c] && (best[c] is not { } b || confusion.F1 > b.Tuned.F1 + 1e-9
                                              || (Math.Abs(confusion.F1 - b.Tuned.F1) < 1e-9 && listed < b.BackgroundListed)))
                    {
                        best[c] = new Choice(weights, textFullAt, halfLife, Math.Round(threshold, 2), confusion, default, listed, caps[c]);
                    }
                }
            }
        }

        // The settings in use first (cap NaN), then the best found under each cap.
        return [.. new[] { defaults }.Concat(best).OfType<Choice>().Select(chosen => chosen with
        {
            HeldOut = Evaluate(heldOut, [.. heldOut.Select(l => Scores(l, chosen.Weights, chosen.TextFullAt, chosen.HalfLifeHours))], chosen.Threshold, limit).Confusion,
        })];
    }

    /// <summary>
    /// The confusion of "a is in b's top 3 at or above the threshold", and the mean number of other candidates at or above it (at most
    /// the limit each).
    /// </summary>
    private static (Confusion Confusion, double Listed) Evaluate(List<Lookup> lookups, List<double[]> scores, double threshold, int limit)
    {
        var confusion = default(Confusion);
        var listed = 0;
        for (var i = 0; i < lookups.Count; i++)
        {
            var (lookup, s) = (lookups[i], scores[i]);
            var a = lookup.A >= 0 ? s[lookup.A] : double.NegativeInfinity;
            int above = 0, ahead = 0;
            for (var j = 0; j < s.Length; j++)
            {
                if (j != lookup.A && s[j] >= threshold - 1e-9)
                {
                    above++;
                    if (s[j] >= a)
                    {
                        ahead++;
                    }
                }
            }

            listed += Math.Min(above, limit);
            confusion = confusion.With(lookup.Pair.Duplicate, lookup.A >= 0 && a >= threshold - 1e-9 && ahead < 3);
        }

        return (confusion, lookups.Count == 0 ? 0 : listed / (double)lookups.Count);
    }

    private static double[] Scores(Lookup lookup, SimilarityWeights weights, double textFullAt, double halfLife) =>
        [.. lookup.Candidates.Select(c => Score(c, weights, textFullAt, halfLife))];

    private static double Score(Signals s, SimilarityWeights w, double textFullAt, double halfLife) =>
        ((w.Category * s.Category) + (w.Place * s.Place) + (w.Text * Math.Min(1, s.Text / textFullAt)) + (w.Caller * s.Caller)
         + (w.Time * Math.Pow(0.5, s.Hours / halfLife))) / w.Sum;

    /// <summary>
    /// Only the candidates likely to outrank a under some weighing: a, and every candidate among the 25 best under any one signal, a
    /// pair of them or the defaults. Leaving the rest out makes the search quick; the run without --tune then measures the chosen
    /// settings through the real lookup, over every candidate.
    /// </summary>
    private static Lookup Pruned(Lookup lookup)
    {
        if (lookup.Candidates.Count <= 60)
        {
            return lookup;
        }

        var keep = new HashSet<int>();
        if (lookup.A >= 0)
        {
            keep.Add(lookup.A);
        }

        var views = new Func<Signals, double>[]
        {
            s => s.Category, s => s.Place, s => s.Text, s => s.Caller, s => -s.Hours,
            s => Score(s, new SimilarityWeights(), SimilarityScoring.TextFullAt, 24),
            s => s.Place + s.Text, s => s.Category + s.Text, s => s.Category + s.Place,
        };
        foreach (var view in views)
        {
            foreach (var index in Enumerable.Range(0, lookup.Candidates.Count).OrderByDescending(i => view(lookup.Candidates[i])).Take(25))
            {
                keep.Add(index);
            }
        }

        var kept = keep.Order().ToList();
        return lookup with { Candidates = [.. kept.Select(i => lookup.Candidates[i])], A = lookup.A < 0 ? -1 : kept.IndexOf(lookup.A) };
    }
}
