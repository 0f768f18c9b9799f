using Microsoft.AspNetCore.Http.HttpResults;

namespace Dispatch.Api.Apis.Administration;

/// <summary>The body of a change that carries nothing but the version it was decided on (enable, disable).</summary>
public sealed record VersionRequest(int? Version)
{
    internal static ValidationProblem Missing() =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["version"] = ["The version you are changing (from the list)."] });
}
