namespace Dispatch.Workers.Routing;

/// <summary>
/// One row of the ordered, first-match routing table. Every condition that is set must hold; an empty
/// condition matches anything. Within one condition any listed value is enough.
/// </summary>
public sealed record RoutingRule(
    long Id,
    int Version,
    int Priority,
    string Name,
    IReadOnlyList<string> RequestTypes,
    string? CategoryPrefix,
    string? AreaCode,
    IReadOnlyList<string> Keywords,
    string LeadDepartmentCode,
    IReadOnlyList<string> AssistingDepartmentCodes,
    bool Enabled)
{
    public bool Matches(RoutingInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Enabled
            && (RequestTypes.Count == 0 || RequestTypes.Contains(input.RequestType, StringComparer.Ordinal))
            && (CategoryPrefix is null || input.CategoryCode.StartsWith(CategoryPrefix, StringComparison.Ordinal))
            && (AreaCode is null || input.AreaCodes.Contains(AreaCode, StringComparer.Ordinal))
            && (Keywords.Count == 0 || Keywords.Any(input.Mentions));
    }
}

/// <summary>What routing looks at: the case's type, category, every level of its area, and its words.</summary>
public sealed record RoutingInput(string RequestType, string CategoryCode, IReadOnlyList<string> AreaCodes, string Title, string Content)
{
    public bool Mentions(string keyword) =>
        Title.Contains(keyword, StringComparison.OrdinalIgnoreCase) || Content.Contains(keyword, StringComparison.OrdinalIgnoreCase);
}
