namespace Dispatch.Workers.RepeatCalls;

/// <summary>
/// What a text says, for comparing it with another: the set of its character bigrams (two characters side by side), the way Chinese
/// text is compared without a dictionary. A caller's 楼上装修噪音 and an agent's 装修噪声扰民 share 装修; no segmenter has to know either
/// word. Before the bigrams are taken, full-width letters and digits become ASCII and letters lower case; punctuation, spaces and
/// symbols split the text, and so do the phrases every hotline case is written with (市民来电反映, 要求相关部门尽快处理 ...: they would
/// make any two cases look alike); the few characters that only glue a sentence together (的, 了, 吗, 我, 这 ...) are dropped, so
/// 楼上的噪音 reads as 楼上噪音. A lone character between two splits counts on its own (停 水 → 停, 水).
/// </summary>
public sealed class TextSignature
{
    /// <summary>The characters that carry no meaning of their own in a complaint (particles, pronouns, the commonest glue).</summary>
    public const string StopCharacters = "的了吗呢吧啊呀哦嗯哈么着之其我你您他她它们这那是在和与及或也都很就又还个";

    /// <summary>
    /// The hotline's own boilerplate: how agents and callers wrap every case, whatever it is about. Each splits the text where it
    /// stands, as punctuation does (longest first, so 来电人 goes whole before 来电).
    /// </summary>
    public static readonly IReadOnlyList<string> StopPhrases =
    [
        .. new[]
        {
            "市民", "来电人", "来电", "反映", "要求", "希望", "请求", "尽快", "处理", "解决", "相关部门", "有关部门", "相关", "部门", "诉求",
            "问题", "情况", "表示", "目前", "现在", "一直", "已经", "多次", "投诉", "咨询", "举报", "建议", "帮助", "帮忙", "协调", "核实",
            "单位", "予以", "麻烦", "谢谢", "请问",
        }.OrderByDescending(p => p.Length),
    ];

    private static readonly HashSet<char> Stops = [.. StopCharacters];
    private static readonly Dictionary<char, string[]> PhrasesByFirst = StopPhrases.GroupBy(p => p[0]).ToDictionary(g => g.Key, g => g.ToArray());

    private readonly int[] _tokens;

    private TextSignature(int[] tokens) => _tokens = tokens;

    public static TextSignature Empty { get; } = new([]);

    /// <summary>How many distinct bigrams (and lone characters) the text has.</summary>
    public int Count => _tokens.Length;

    /// <summary>The bigrams (and lone characters), each a number: the first character's code above the second's; in order.</summary>
    public ReadOnlySpan<int> Tokens => _tokens;

    /// <summary>The signature of <paramref name="texts"/> read as one text, each a segment of its own (a title and a content).</summary>
    public static TextSignature Of(params ReadOnlySpan<string?> texts)
    {
        var tokens = new List<int>(64);
        foreach (var text in texts)
        {
            Add(tokens, text ?? "");
        }

        if (tokens.Count == 0)
        {
            return Empty;
        }

        tokens.Sort();
        var distinct = 1;
        for (var i = 1; i < tokens.Count; i++)
        {
            if (tokens[i] != tokens[distinct - 1])
            {
                tokens[distinct++] = tokens[i];
            }
        }

        return new TextSignature([.. tokens.Take(distinct)]);
    }

    /// <summary>This signature without the bigrams of <paramref name="other"/>: a text without what its address already says.</summary>
    public TextSignature Without(TextSignature other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return other._tokens.Length == 0 ? this : new TextSignature([.. _tokens.Where(t => Array.BinarySearch(other._tokens, t) < 0)]);
    }

    /// <summary>
    /// Dice's coefficient, 2·|A∩B| / (|A|+|B|): 1 for the same bigrams, 0 for none in common. Symmetric, and a long text is not
    /// closer to everything merely for being long (as a plain count of shared bigrams would be).
    /// </summary>
    public double Dice(TextSignature other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (_tokens.Length == 0 || other._tokens.Length == 0)
        {
            return 0;
        }

        int i = 0, j = 0, shared = 0;
        var (a, b) = (_tokens, other._tokens);
        while (i < a.Length && j < b.Length)
        {
            if (a[i] == b[j])
            {
                shared++;
                i++;
                j++;
            }
            else if (a[i] < b[j])
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        return 2.0 * shared / (a.Length + b.Length);
    }

    /// <summary>
    /// Dice's coefficient with every bigram weighted by its <paramref name="rarity"/>: 2·w(A∩B) / (w(A)+w(B)). With
    /// <see cref="TextRarity.Uniform"/> it is <see cref="Dice(TextSignature)"/>.
    /// </summary>
    public double Dice(TextSignature other, TextRarity rarity)
    {
        ArgumentNullException.ThrowIfNull(other);
        ArgumentNullException.ThrowIfNull(rarity);
        if (_tokens.Length == 0 || other._tokens.Length == 0)
        {
            return 0;
        }

        int i = 0, j = 0;
        double shared = 0, total = 0;
        var (a, b) = (_tokens, other._tokens);
        while (i < a.Length || j < b.Length)
        {
            if (j == b.Length || (i < a.Length && a[i] < b[j]))
            {
                total += rarity.Weight(a[i++]);
            }
            else if (i == a.Length || b[j] < a[i])
            {
                total += rarity.Weight(b[j++]);
            }
            else
            {
                var w = rarity.Weight(a[i]);
                shared += w;
                total += 2 * w;
                i++;
                j++;
            }
        }

        return total <= 0 ? 0 : 2 * shared / total;
    }

    /// <summary>
    /// How much of this text <paramref name="other"/> says too: the weight (by <paramref name="rarity"/>) of the bigrams both hold over the
    /// weight of this text's own, 0 to 1. Asymmetric on purpose: a call is compared with many cases, and among them the one that shares
    /// most of what is rare in the call ranks first, however much else it says (a weighted Dice would rank a short case that shares
    /// only the common words above a long one that also shares the rare ones).
    /// </summary>
    public double Covered(TextSignature other, TextRarity rarity)
    {
        ArgumentNullException.ThrowIfNull(other);
        ArgumentNullException.ThrowIfNull(rarity);
        double shared = 0, own = 0;
        foreach (var token in _tokens)
        {
            var w = rarity.Weight(token);
            own += w;
            if (Array.BinarySearch(other._tokens, token) >= 0)
            {
                shared += w;
            }
        }

        return own <= 0 ? 0 : shared / own;
    }

    /// <summary>The character as compared: full-width ASCII as ASCII, letters lower case; '\0' for what splits a text.</summary>
    internal static char Normalised(char c)
    {
        if (c is >= '\uFF01' and <= '\uFF5E')
        {
            c = (char)(c - 0xFEE0);
        }

        return c switch
        {
            >= 'A' and <= 'Z' => (char)(c + 32),
            (>= 'a' and <= 'z') or (>= '0' and <= '9') => c,
            // CJK Unified Ideographs, Extension A, Compatibility Ideographs: the characters a case is written in.
            (>= '\u4E00' and <= '\u9FFF') or (>= '\u3400' and <= '\u4DBF') or (>= '\uF900' and <= '\uFAFF') => c,
            _ => '\0',
        };
    }

    private static void Add(List<int> tokens, string text)
    {
        var previous = '\0';
        var run = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = Normalised(text[i]);
            if (c != '\0' && PhrasesByFirst.TryGetValue(c, out var phrases) && phrases.FirstOrDefault(p => StartsAt(text, i, p)) is { } phrase)
            {
                i += phrase.Length - 1;
                c = '\0';
            }

            if (c == '\0')
            {
                EndRun(tokens, previous, run);
                previous = '\0';
                run = 0;
                continue;
            }

            if (Stops.Contains(c))
            {
                continue;
            }

            if (previous != '\0')
            {
                tokens.Add(Token(previous, c));
            }

            previous = c;
            run++;
        }

        EndRun(tokens, previous, run);
    }

    private static bool StartsAt(string text, int index, string phrase)
    {
        if (index + phrase.Length > text.Length)
        {
            return false;
        }

        for (var k = 0; k < phrase.Length; k++)
        {
            if (Normalised(text[index + k]) != phrase[k])
            {
                return false;
            }
        }

        return true;
    }

    private static void EndRun(List<int> tokens, char last, int run)
    {
        if (run == 1)
        {
            tokens.Add(Token(last, '\0'));
        }
    }

    private static int Token(char first, char second) => (first << 16) | second;
}
