namespace Dispatch.Workers.Knowledge;

/// <summary>
/// How the index and the search read text: full-width Latin letters and digits as half-width (ＡＰＰ, １２３４５ as app, 12345), Latin in
/// lower case, Chinese as it is. One character for one, so a position in the folded text is the same position in the original (the
/// snippet marks the original at the folded text's matches).
/// </summary>
public static class TextFold
{
    public static char Fold(char c) => c switch
    {
        >= '\uFF01' and <= '\uFF5E' => char.ToLowerInvariant((char)(c - 0xFEE0)),
        '\u3000' => ' ',
        _ => char.ToLowerInvariant(c),
    };

    public static string Fold(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return string.Create(text.Length, text, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = Fold(source[i]);
            }
        });
    }

    /// <summary>A Chinese character (CJK unified ideographs, extension A and the compatibility block).</summary>
    public static bool IsHan(char c) => c is >= '\u4E00' and <= '\u9FFF' or >= '\u3400' and <= '\u4DBF' or >= '\uF900' and <= '\uFAFF';

    /// <summary>A Latin letter or digit (after folding).</summary>
    public static bool IsLatin(char c) => c is >= 'a' and <= 'z' or >= '0' and <= '9';

    /// <summary>The runs of Chinese characters and of Latin letters and digits in folded <paramref name="text"/>; everything else separates them.</summary>
    public static IEnumerable<(int Start, int Length, bool Han)> Runs(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var i = 0;
        while (i < text.Length)
        {
            var han = IsHan(text[i]);
            if (!han && !IsLatin(text[i]))
            {
                i++;
                continue;
            }

            var start = i;
            while (i < text.Length && (han ? IsHan(text[i]) : IsLatin(text[i])))
            {
                i++;
            }

            yield return (start, i - start, han);
        }
    }
}
