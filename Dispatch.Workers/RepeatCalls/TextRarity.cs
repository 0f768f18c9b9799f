namespace Dispatch.Workers.RepeatCalls;

/// <summary>
/// How much each bigram says among the cases compared: BM25's inverse document frequency, ln(1 + (n − df + 0.5) / (df + 0.5)) over
/// the n texts of one lookup (the call and its candidates) of which df hold the bigram. The candidates share the call's category
/// family or place, so the words every such case is written with (漏水 and 天花 among leaks) weigh next to nothing, and what only
/// the same event shares (a shop's name, a car's colour, a building) weighs most. n counts <see cref="PriorTexts"/> more texts that
/// hold none of the bigrams: among a handful of cases no bigram is known to be common, and they weigh almost alike. Uniform weighs
/// every bigram 1: plain Dice.
/// </summary>
public sealed class TextRarity
{
    public const int PriorTexts = 20;

    private readonly Dictionary<int, int>? _documentFrequency;
    private readonly int _documents;

    private TextRarity(Dictionary<int, int>? documentFrequency, int documents)
    {
        _documentFrequency = documentFrequency;
        _documents = documents;
    }

    public static TextRarity Uniform { get; } = new(null, 0);

    /// <summary>The rarity of every bigram among <paramref name="texts"/>.</summary>
    public static TextRarity Among(IReadOnlyCollection<TextSignature> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var frequency = new Dictionary<int, int>();
        foreach (var text in texts)
        {
            foreach (var token in text.Tokens)
            {
                frequency[token] = frequency.GetValueOrDefault(token) + 1;
            }
        }

        return new TextRarity(frequency, texts.Count + PriorTexts);
    }

    public double Weight(int token)
    {
        if (_documentFrequency is null)
        {
            return 1;
        }

        var df = _documentFrequency.GetValueOrDefault(token);
        return Math.Log(1 + ((_documents - df + 0.5) / (df + 0.5)));
    }
}
