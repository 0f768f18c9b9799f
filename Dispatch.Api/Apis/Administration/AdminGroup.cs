using Dispatch.Workers.Access;

namespace Dispatch.Api.Apis.Administration;

internal static class AdminGroup
{
    /// <summary>/api/admin/{resource}, for administrators only, under the resource's tag.</summary>
    public static RouteGroupBuilder MapAdminGroup(this IEndpointRouteBuilder app, string resource, string tag) =>
        app.MapGroup($"/api/admin/{resource}").WithTags(tag).RequireAuthorization(p => p.RequireRole(Roles.Admin));
}
