using Dispatch.Api.OpenApi;
using Dispatch.Api.Validation;
using Dispatch.Workers.Administration;
using Dispatch.Workers.Audit;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dispatch.Api.Apis.Administration;

/// <summary>The administrative record (admin role): every change to rules, policies, calendars, the catalogue, users and tokens, sealed.</summary>
public static class AdminChangesApi
{
    public static IEndpointRouteBuilder MapAdminChangesApi(this IEndpointRouteBuilder app)
    {
        var changes = app.MapAdminGroup("changes", ApiTags.AdminRecord);
        changes.MapGet("/", List).WithName("ListAdminChanges")
            .WithSummary("The administrative record, newest first: ?entity=&key=&page=&pageSize=.");
        changes.MapGet("/verify", Verify).WithName("VerifyAdminRecord")
            .WithSummary("Checks the sealed administrative record: intact, or its first row that fails and why.");
        return app;
    }

    public static async Task<Results<Ok<IReadOnlyList<AdminChange>>, ValidationProblem>> List(string? entity, string? key, int? page, int? pageSize,
        AdminChanges changes, CancellationToken cancellationToken)
    {
        var fields = new Fields();
        fields.OneOf("entity", entity, AdminChanges.Entities, required: false);
        if (page is < 1 or > 100_000)
        {
            fields.Fail("page", "From 1.");
        }

        if (pageSize is < 1 or > 500)
        {
            fields.Fail("pageSize", "From 1 to 500.");
        }

        if (!fields.Ok)
        {
            return TypedResults.ValidationProblem(fields.Errors);
        }

        return TypedResults.Ok(await changes.ListAsync(entity, key, page ?? 1, pageSize ?? 50, cancellationToken));
    }

    public static async Task<Ok<AuditVerdict>> Verify(AdminChanges changes, CancellationToken cancellationToken) =>
        TypedResults.Ok(await changes.VerifyAsync(cancellationToken));
}
