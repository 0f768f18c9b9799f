using JiebaNet.Segmenter;

namespace Dispatch.Workers.Knowledge;

/// <summary>
/// Chinese word segmentation with jieba.NET 0.42.2 (MIT): its dictionary (dict.txt, 349,046 words) and its HMM model (which jieba loads though
/// we cut without it, see <see cref="Cut"/>) ship in the build's
/// <c>jieba/</c> folder (copied from the package by Dispatch.Workers.csproj) and are loaded once per process, on first use (about a
/// second; see <see cref="Warm"/>). The segmenter only reads them afterwards, so one instance serves every thread.
/// </summary>
public sealed class ChineseWords
{
    private static readonly Lazy<ChineseWords> SharedInstance = new(() => new ChineseWords(), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly JiebaSegmenter _segmenter;

    private ChineseWords()
    {
        // jieba reads its files from a folder named by an app.config setting or beside the entry assembly; ours are in jieba/ beside this
        // assembly, wherever the host runs from (tests, benchmark, containers).
        var folder = Path.Combine(Path.GetDirectoryName(typeof(ChineseWords).Assembly.Location) ?? AppContext.BaseDirectory, "jieba");
        if (!File.Exists(Path.Combine(folder, "dict.txt")))
        {
            throw new FileNotFoundException($"jieba's dictionary is not in {folder}: the build copies it there from the jieba.NET package.",
                Path.Combine(folder, "dict.txt"));
        }

        ConfigManager.ConfigFileBaseDir = folder;
        _segmenter = Create();
        // The dictionary and the model load lazily inside jieba: load them now, once, rather than in someone's first search.
        _ = _segmenter.Cut("住房公积金租房提取", hmm: false).ToList();
    }

    /// <summary>
    /// A method of its own, so that jieba's static state (which reads the folder once) cannot be initialised before the folder is set,
    /// however early the runtime chooses to run its type initialisers.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static JiebaSegmenter Create() => new();

    /// <summary>The one segmenter of this process.</summary>
    public static ChineseWords Shared => SharedInstance.Value;

    /// <summary>Loads the dictionary now (hosts call it at start, so no request waits for it).</summary>
    public static void Warm() => _ = Shared;

    /// <summary>
    /// The words of a run of Chinese characters, in order (jieba's precise mode, by its dictionary alone). Without its HMM: the HMM
    /// makes words of characters the dictionary does not join, and does so by their neighbours — 取出来付房租 gives a word 来付 — so
    /// the same text would index differently in an entry and in a query. Words the dictionary lacks are caught by bigrams instead.
    /// </summary>
    public IReadOnlyList<string> Cut(string han) => [.. _segmenter.Cut(han, hmm: false)];

    /// <summary>As <see cref="Cut"/>, each long word followed by the dictionary's shorter words inside it (jieba's search mode).</summary>
    public IReadOnlyList<string> CutForSearch(string han) => [.. _segmenter.CutForSearch(han, hmm: false)];
}
