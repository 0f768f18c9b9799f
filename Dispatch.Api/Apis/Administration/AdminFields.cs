using Dispatch.Api.Validation;

namespace Dispatch.Api.Apis.Administration;

/// <summary>Field rules that several administrative requests share.</summary>
internal static class AdminFields
{
    /// <summary>The version an edit was made from: a stale one is refused later with 409, a missing one here with 400.</summary>
    public static int Version(this Fields fields, int? version)
    {
        if (version is not >= 1)
        {
            fields.Fail("version", "The version you edited (from the list); a stale one is refused with 409.");
        }

        return version ?? 0;
    }

    public static int Priority(this Fields fields, int? priority, string field = "priority")
    {
        if (priority is not (>= 1 and <= 1_000_000))
        {
            fields.Fail(field, "From 1 to 1000000; lower is tried first.");
        }

        return priority ?? 0;
    }

    /// <summary>A list of up to <paramref name="max"/> codes (absent is empty); null when the list itself is refused.</summary>
    public static List<string>? Codes(this Fields fields, string field, IReadOnlyList<string?>? values, int max)
    {
        if (values is { Count: var count } && count > max)
        {
            fields.Fail(field, $"At most {max}.");
            return null;
        }

        var codes = new List<string>();
        for (var i = 0; i < (values?.Count ?? 0); i++)
        {
            if (fields.Code($"{field}[{i}]", values![i], required: true) is { } code)
            {
                codes.Add(code);
            }
        }

        return codes;
    }
}
