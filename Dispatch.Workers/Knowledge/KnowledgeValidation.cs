using System.Globalization;
using Dispatch.Workers.Access;
using Dispatch.Workers.Catalogue;

namespace Dispatch.Workers.Knowledge;

/// <summary>
/// Whether an entry as sent may be saved, field by field: each problem is recorded under the field's JSON path (with a prefix for an
/// imported row, <c>rows[12].title</c>), the way a ValidationProblem reports it. Pure: the catalogue, the actor and the center's
/// local date are passed in. That a title is not taken by another entry needs the database and is the store's check.
/// </summary>
public static class KnowledgeValidation
{
    public const int TitleMaxLength = 128;
    public const int ContentMaxLength = 20_000;
    public const int KeywordMaxLength = 20;
    public const int MaxKeywords = 30;
    public const int MaxScopeAreas = 100;

    /// <summary>
    /// The draft to save, or null with the problems. Defaults: the handler's own department, the whole district as scope, today as the
    /// first valid day. Keywords and scope codes are kept once each, in the order given.
    /// </summary>
    public static (KnowledgeDraft? Draft, Dictionary<string, string[]> Errors) Check(KnowledgeInput input, Actor actor, Catalogue.Catalogue catalogue,
        DateOnly today, string prefix = "")
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(catalogue);
        var errors = new Dictionary<string, string[]>();
        void Fail(string field, string message) => errors[prefix + field] = [message];

        var title = Text(input.Title, TitleMaxLength, allowLineBreaks: false, out var titleProblem);
        if (titleProblem is not null)
        {
            Fail("title", titleProblem);
        }

        var content = Text(input.Content, ContentMaxLength, allowLineBreaks: true, out var contentProblem);
        if (contentProblem is not null)
        {
            Fail("content", contentProblem);
        }

        var keywords = new List<string>();
        if (input.Keywords is { Count: > MaxKeywords })
        {
            Fail("keywords", $"At most {MaxKeywords} keywords.");
        }
        else
        {
            for (var i = 0; i < (input.Keywords?.Count ?? 0); i++)
            {
                var keyword = Text(input.Keywords![i]?.Trim(), KeywordMaxLength, allowLineBreaks: false, out var problem);
                if (problem is not null)
                {
                    Fail($"keywords[{i}]", problem);
                }
                else if (!keywords.Contains(keyword!, StringComparer.OrdinalIgnoreCase))
                {
                    keywords.Add(keyword!);
                }
            }
        }

        var category = CategoryProblem(input.CategoryCode, catalogue);
        if (category is not null)
        {
            Fail("categoryCode", category);
        }

        var material = MaterialType(input.MaterialType);
        if (material is null)
        {
            Fail("materialType", input.MaterialType is { Length: > 0 }
                ? $"'{Shorten(input.MaterialType)}' is not a material type; one of: {string.Join(", ", MaterialTypes.All)} (or 办事指南, 政策法规, 热点问答, 通知公告)."
                : $"Required; one of: {string.Join(", ", MaterialTypes.All)}.");
        }

        var department = input.DepartmentCode is { Length: > 0 } given ? given : actor.Role == Roles.Handler ? actor.DepartmentCode : null;
        if (department is null)
        {
            Fail("departmentCode", "Required: the department that owns the entry (and answers for its content).");
        }
        else if (!catalogue.Departments.TryGetValue(department, out var owner) || !owner.Active)
        {
            Fail("departmentCode", $"No active department '{Shorten(department)}'.");
        }
        else if (!KnowledgeAccess.WritesFor(actor, department, catalogue))
        {
            Fail("departmentCode", $"A handler writes entries for their own department ({actor.DepartmentCode}) or its sub-units.");
        }

        var scope = new List<string>();
        if (input.Scope is null or { Count: 0 })
        {
            if (District(catalogue) is { } district)
            {
                scope.Add(district);
            }
        }
        else if (input.Scope.Count > MaxScopeAreas)
        {
            Fail("scope", $"At most {MaxScopeAreas} areas; an area covers everything below it.");
        }
        else
        {
            for (var i = 0; i < input.Scope.Count; i++)
            {
                if (input.Scope[i] is not { Length: > 0 } area || !catalogue.Areas.ContainsKey(area))
                {
                    Fail($"scope[{i}]", $"No area '{Shorten(input.Scope[i])}': an area code from the catalogue (district, street, community or grid).");
                }
                else if (!scope.Contains(area))
                {
                    scope.Add(area);
                }
            }
        }

        var validFrom = today;
        if (input.ValidFrom is { Length: > 0 } from)
        {
            if (LocalDate(from) is { } parsed)
            {
                validFrom = parsed;
            }
            else
            {
                Fail("validFrom", "A local date, yyyy-MM-dd, from 2000 to 2100; leave it out for today.");
            }
        }

        DateOnly? validUntil = null;
        if (input.ValidUntil is { Length: > 0 } until)
        {
            validUntil = LocalDate(until);
            if (validUntil is null)
            {
                Fail("validUntil", "A local date, yyyy-MM-dd, from 2000 to 2100; leave it out for no end.");
            }
            else if (validUntil < validFrom && !errors.ContainsKey(prefix + "validFrom"))
            {
                Fail("validUntil", $"On or after validFrom ({validFrom:yyyy-MM-dd}).");
            }
        }

        return errors.Count > 0
            ? (null, errors)
            : (new KnowledgeDraft(title!, content!, keywords, input.CategoryCode!, material!, department!, scope, validFrom, validUntil), errors);
    }

    /// <summary>The material type's code from its code or its Chinese name; null when it is neither.</summary>
    public static string? MaterialType(string? value) =>
        value is null ? null
        : MaterialTypes.All.Contains(value, StringComparer.Ordinal) ? value
        : MaterialTypes.ChineseNames.FirstOrDefault(n => n.Value == value.Trim()).Key;

    /// <summary>The district: the area at the top of the tree, every entry's scope unless it names one.</summary>
    public static string? District(Catalogue.Catalogue catalogue)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        return catalogue.Areas.Values.Where(a => a.Level == AreaLevels.District && a.ParentCode is null).Select(a => a.Code)
            .Order(StringComparer.Ordinal).FirstOrDefault();
    }

    /// <summary>Why <paramref name="code"/> is not a category an entry may have (an active leaf of the catalogue), or null.</summary>
    public static string? CategoryProblem(string? code, Catalogue.Catalogue catalogue)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        if (code is not { Length: > 0 })
        {
            return "Required: a category of the catalogue's lowest level (e.g. 070101 停水).";
        }

        if (!catalogue.Categories.TryGetValue(code, out var category) || !category.Active)
        {
            return $"No active category '{Shorten(code)}'.";
        }

        return catalogue.Categories.Values.Any(c => c.ParentCode == code)
            ? $"{code} {category.Name} has sub-categories: choose one of them (the catalogue's lowest level)."
            : null;
    }

    private static string? Text(string? value, int maxLength, bool allowLineBreaks, out string? problem)
    {
        problem = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            problem = "Required, and not only white space.";
            return null;
        }

        if (value.Length > maxLength)
        {
            problem = $"At most {maxLength} characters (this has {value.Length}).";
            return null;
        }

        if (value.Any(c => char.IsControl(c) && !(allowLineBreaks && c is '\n' or '\r' or '\t')))
        {
            problem = allowLineBreaks
                ? "Control characters are not allowed (line breaks and tabs are)."
                : "Control characters, line breaks included, are not allowed here.";
            return null;
        }

        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(value[i]))
            {
                problem = "The text contains a broken surrogate pair.";
                return null;
            }
        }

        return value;
    }

    /// <summary>A local date, yyyy-MM-dd, from 2000 to 2100.</summary>
    public static DateOnly? LocalDate(string? value) =>
        value is not null && DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            && date.Year is >= 2000 and <= 2100
            ? date
            : null;

    private static string? Shorten(string? value) => value is { Length: > 40 } ? value[..40] + "…" : value;
}
