namespace Dispatch.Api.Validation;

/// <summary>
/// Field rules shared by every request: each failure is recorded under the field's JSON path, the way
/// ValidationProblem reports it. Text is kept exactly as sent; control characters (other than line breaks
/// and tabs where a field allows several lines) are refused, because no one types them.
/// </summary>
public sealed class Fields
{
    public Dictionary<string, string[]> Errors { get; } = [];

    public bool Ok => Errors.Count == 0;

    public void Fail(string field, string message) => Errors[field] = [message];

    public string? OneOf(string field, string? value, IReadOnlyList<string> allowed, bool required)
    {
        if (string.IsNullOrEmpty(value))
        {
            if (required)
            {
                Fail(field, $"Required; one of: {string.Join(", ", allowed)}.");
            }

            return null;
        }

        if (!allowed.Contains(value, StringComparer.Ordinal))
        {
            Fail(field, $"'{Shorten(value)}' is not allowed; one of: {string.Join(", ", allowed)}.");
            return null;
        }

        return value;
    }

    public string? Text(string field, string? value, int maxLength, bool required, bool allowLineBreaks)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                Fail(field, "Required, and not only white space.");
            }
            else if (value is { Length: > 0 })
            {
                Fail(field, "Leave it out, or give some text; not only white space.");
            }

            return null;
        }

        if (value.Length > maxLength)
        {
            Fail(field, $"At most {maxLength} characters (this has {value.Length}).");
            return null;
        }

        if (value.Any(c => char.IsControl(c) && !(allowLineBreaks && c is '\n' or '\r' or '\t')))
        {
            Fail(field, allowLineBreaks
                ? "Control characters are not allowed (line breaks and tabs are)."
                : "Control characters, line breaks included, are not allowed here.");
            return null;
        }

        if (!IsWellFormedUtf16(value))
        {
            Fail(field, "The text contains a broken surrogate pair.");
            return null;
        }

        return value;
    }

    /// <summary>A code from a reference list: present, short, visible ASCII.</summary>
    public string? Code(string field, string? value, bool required, int maxLength = 32)
    {
        if (string.IsNullOrEmpty(value))
        {
            if (required)
            {
                Fail(field, "Required.");
            }

            return null;
        }

        if (value.Length > maxLength || !value.All(c => c is > ' ' and < '\u007f'))
        {
            Fail(field, $"A code is 1 to {maxLength} visible ASCII characters.");
            return null;
        }

        return value;
    }

    /// <summary>A list of ids of files (attachments), each given once; empty when absent. <paramref name="what"/> says what an id names.</summary>
    public List<Guid> FileIds(string field, IReadOnlyList<Guid?>? values, int max,
        string what = "the id of a file on this case (as POST /api/cases/{number}/attachments answered it)")
    {
        if (values is null)
        {
            return [];
        }

        if (values.Count > max)
        {
            Fail(field, $"At most {max} (this has {values.Count}).");
            return [];
        }

        var ids = new List<Guid>(values.Count);
        for (var i = 0; i < values.Count; i++)
        {
            if (values[i] is not { } id || id == Guid.Empty)
            {
                Fail($"{field}[{i}]", $"Required: {what}.");
            }
            else if (ids.Contains(id))
            {
                Fail($"{field}[{i}]", $"{id} is given twice; give each once.");
            }
            else
            {
                ids.Add(id);
            }
        }

        return ids;
    }

    /// <summary>
    /// Ids of records the request refers to (knowledge entries a direct answer cites): none, or at most <paramref name="max"/>, each
    /// positive and given once. A bad element is named by its position (<c>field[2]</c>); only the good ones are returned.
    /// </summary>
    public List<long> Ids(string field, IReadOnlyList<long?>? values, int max)
    {
        if (values is null)
        {
            return [];
        }

        if (values.Count > max)
        {
            Fail(field, $"At most {max} (this has {values.Count}).");
            return [];
        }

        var ids = new List<long>(values.Count);
        for (var i = 0; i < values.Count; i++)
        {
            if (values[i] is not > 0)
            {
                Fail($"{field}[{i}]", "Required: a positive id.");
            }
            else if (ids.Contains(values[i]!.Value))
            {
                Fail($"{field}[{i}]", $"{values[i]} is given twice; give each once.");
            }
            else
            {
                ids.Add(values[i]!.Value);
            }
        }

        return ids;
    }

    /// <summary>A local date, yyyy-MM-dd, from 2000 to 2100.</summary>
    public DateOnly? LocalDate(string field, string? value, string? hint = null)
    {
        if (value is null || !DateOnly.TryParseExact(value, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.None, out var date) || date.Year is < 2000 or > 2100)
        {
            Fail(field, "A local date, yyyy-MM-dd, from 2000 to 2100" + (hint is null ? "." : $"; {hint}."));
            return null;
        }

        return date;
    }

    public static string? Shorten(string? value) => value is { Length: > 40 } ? value[..40] + "…" : value;

    private static bool IsWellFormedUtf16(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(value[i]))
            {
                return false;
            }
        }

        return true;
    }
}
