using System.Net;
using System.Text;

namespace Dispatch.Workers.Knowledge;

/// <summary>
/// What a search result shows of an entry: the words of the query it holds, and a short passage of its answer around them. The
/// passage is HTML a browser may render as it is: the entry's text HTML-escaped, each match wrapped in <c>&lt;mark&gt;…&lt;/mark&gt;</c>
/// (no other tag ever appears), an ellipsis (…) where it was cut. A client that wants plain text removes the two tags and unescapes.
/// </summary>
public static class KnowledgeSnippet
{
    /// <summary>Characters of the answer a snippet shows at most.</summary>
    public const int Length = 100;

    /// <summary>Characters shown before the first match, so that it is read in its sentence.</summary>
    private const int Lead = 12;

    /// <summary>
    /// The query's terms the entry holds (in its title, keywords or answer), in the query's order, leaving out any that is part of a
    /// longer one listed (公积 when 公积金 is there).
    /// </summary>
    public static IReadOnlyList<string> Matched(IReadOnlyList<string> terms, string title, IReadOnlyList<string> keywords, string content)
    {
        ArgumentNullException.ThrowIfNull(terms);
        ArgumentNullException.ThrowIfNull(keywords);
        var text = TextFold.Fold(string.Join('\u0001', [title, .. keywords, content]));
        var found = terms.Where(t => t.Length > 0 && text.Contains(t, StringComparison.Ordinal)).ToList();
        return [.. found.Where(t => !found.Any(longer => longer.Length > t.Length && longer.Contains(t, StringComparison.Ordinal)))];
    }

    /// <summary>The passage of <paramref name="content"/> with the most of <paramref name="terms"/>, matches marked.</summary>
    public static string Of(string content, IReadOnlyList<string> terms)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(terms);
        var folded = TextFold.Fold(content);
        var matches = new List<(int Start, int End, string Term)>();
        foreach (var term in terms.Where(t => t.Length > 0).Distinct(StringComparer.Ordinal))
        {
            for (var at = folded.IndexOf(term, StringComparison.Ordinal); at >= 0; at = folded.IndexOf(term, at + 1, StringComparison.Ordinal))
            {
                matches.Add((at, at + term.Length, term));
            }
        }

        var (from, to) = Window(content.Length, matches);
        // Never half a character outside the basic plane.
        if (from > 0 && char.IsLowSurrogate(content[from]))
        {
            from--;
        }

        if (to < content.Length && char.IsLowSurrogate(content[to]))
        {
            to++;
        }

        var marks = Merge(matches.Where(m => m.Start >= from && m.End <= to).Select(m => (m.Start, m.End)));
        var html = new StringBuilder(to - from + 32);
        if (from > 0)
        {
            html.Append('…');
        }

        var at2 = from;
        foreach (var (start, end) in marks)
        {
            html.Append(Escape(content[at2..start])).Append("<mark>").Append(Escape(content[start..end])).Append("</mark>");
            at2 = end;
        }

        html.Append(Escape(content[at2..to]));
        if (to < content.Length)
        {
            html.Append('…');
        }

        return html.ToString();
    }

    /// <summary>The window of at most <see cref="Length"/> characters holding the most distinct terms (then the most matches), earliest first.</summary>
    private static (int From, int To) Window(int length, List<(int Start, int End, string Term)> matches)
    {
        if (matches.Count == 0 || length <= Length)
        {
            return (0, Math.Min(length, Length));
        }

        var best = (From: 0, Distinct: -1, Count: -1);
        foreach (var candidate in matches.Select(m => Math.Clamp(m.Start - Lead, 0, length - Length)).Distinct().Order())
        {
            var inside = matches.Where(m => m.Start >= candidate && m.End <= candidate + Length).ToList();
            var distinct = inside.Select(m => m.Term).Distinct(StringComparer.Ordinal).Count();
            if (distinct > best.Distinct || distinct == best.Distinct && inside.Count > best.Count)
            {
                best = (candidate, distinct, inside.Count);
            }
        }

        return (best.From, best.From + Length);
    }

    /// <summary>Overlapping or touching matches as one mark each, in order.</summary>
    private static List<(int Start, int End)> Merge(IEnumerable<(int Start, int End)> ranges)
    {
        var merged = new List<(int Start, int End)>();
        foreach (var range in ranges.OrderBy(r => r.Start).ThenByDescending(r => r.End))
        {
            if (merged.Count > 0 && range.Start <= merged[^1].End)
            {
                merged[^1] = (merged[^1].Start, Math.Max(merged[^1].End, range.End));
            }
            else
            {
                merged.Add(range);
            }
        }

        return merged;
    }

    /// <summary>HTML-escaped, with line breaks and tabs as spaces (a snippet is one line).</summary>
    private static string Escape(string text) =>
        WebUtility.HtmlEncode(text.Replace("\r\n", " ", StringComparison.Ordinal).Replace('\n', ' ').Replace('\r', ' ').Replace('\t', ' '));
}
