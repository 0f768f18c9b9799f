using Dispatch.Workers.Catalogue;

namespace Dispatch.Workers.RepeatCalls;

/// <summary>
/// A category's family: the second level of the catalogue it sits in (噪声扰民 for 夜间施工噪声), with every code in it. Two calls about
/// one problem are often filed under sister categories — one agent's 社会生活噪声 is another's 夜间施工噪声 — so candidates are read by
/// family, and the score tells the same leaf from the same family.
/// </summary>
public sealed record CategoryFamily(string Code, IReadOnlyList<string> Members)
{
    public static CategoryFamily Of(Catalogue.Catalogue catalogue, string categoryCode)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        var family = categoryCode;
        // Up to the second level (or the code itself when it is a first- or second-level one, or unknown to the catalogue).
        while (catalogue.Categories.TryGetValue(family, out var category) && category.Level > 2 && category.ParentCode is { } parent)
        {
            family = parent;
        }

        var members = catalogue.Categories.Values.Where(c => Within(catalogue, c, family)).Select(c => c.Code).Order(StringComparer.Ordinal).ToList();
        return new CategoryFamily(family, members.Count == 0 ? [categoryCode] : members);
    }

    private static bool Within(Catalogue.Catalogue catalogue, Category category, string family)
    {
        for (Category? current = category; current is not null; current = current.ParentCode is { } p ? catalogue.Categories.GetValueOrDefault(p) : null)
        {
            if (current.Code == family)
            {
                return true;
            }
        }

        return false;
    }
}
