using System.Text.Json;
using Dispatch.Api.Intake;

namespace Dispatch.Benchmarks;

/// <summary>
/// The labelled pairs of realistic Chinese cases (deploy/bench/data/similar-pairs.json): each a call <c>a</c>, a later call <c>b</c>
/// <c>minutesApart</c> after it, whether b repeats a's problem (<c>duplicate</c>) and what kind of pair it is (a duplicate, the same
/// street's other problem, the same problem in another community, the same caller's other problem, a follow-up of the same problem,
/// an unrelated case of the same category).
/// </summary>
public static class SimilarPairs
{
    public const string RelativePath = "deploy/bench/data/similar-pairs.json";

    public sealed record Pair(string Id, string Kind, bool Duplicate, int MinutesApart, FileCaseRequest A, FileCaseRequest B)
    {
        /// <summary>
        /// One pair in three (by a hash of its id, so the same pairs every run) is held out: the weights are tuned on the others, and
        /// the held-out figures say how the tuning carries over to pairs it never saw.
        /// </summary>
        public bool HeldOut => (uint)StableHash(Id) % 3 == 0;
    }

    /// <summary>The pairs, or null when the file is not there (a branch without the labelled set).</summary>
    public static IReadOnlyList<Pair>? Load(string root)
    {
        var path = Path.Combine(root, RelativePath);
        return File.Exists(path)
            ? JsonSerializer.Deserialize<List<Pair>>(File.ReadAllText(path), JsonSerializerOptions.Web)
            : null;
    }

    /// <summary>The repository's root: the nearest folder above the running tool that holds Dispatch.sln.</summary>
    public static string Root()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Dispatch.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? Directory.GetCurrentDirectory();
    }

    private static int StableHash(string text)
    {
        // FNV-1a: string.GetHashCode differs from run to run.
        var hash = 2166136261;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619;
        }

        return (int)hash;
    }
}
