using System.Security.Claims;
using Dispatch.Api.Access;
using Dispatch.Api.Validation;
using Dispatch.Workers.Administration;
using Dispatch.Workers.Routing;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dispatch.Api.Apis.Administration;

/// <summary>What the body of a change carries besides the change itself: the version it was decided on (absent on a create).</summary>
internal interface IVersionedRequest
{
    int? Version { get; }
}

/// <summary>The summaries of a versioned resource's endpoints, as the OpenAPI document shows them.</summary>
internal sealed record VersionedRulesSummaries(string List, string Versions, string Create, string Edit, string Enable, string Disable);

/// <summary>
/// The HTTP shape routing rules and SLA policies share (admin role): every rule listed at /api/admin/{resource} (<c>List{Rules}</c>),
/// each rule's versions (<c>List{Rule}Versions</c>), a rule created there (<c>Create{Rule}</c>, 201 with its address), and a new
/// version of one at /{id} (<c>Edit{Rule}</c>), or one that puts it back in force or takes it out (<c>Enable{Rule}</c>,
/// <c>Disable{Rule}</c>), each with the version it was decided on: a stale one is a 409, a change that would leave the set
/// inconsistent a 400 with the reasons (<see cref="IVersionedRules{TDraft, TRule, TView}"/>). A resource says how its body becomes a
/// draft; what else it offers it maps on the group <see cref="Map"/> returns.
/// </summary>
internal sealed class VersionedRulesApi<TAdmin, TRequest, TDraft, TRule, TView>(
    string resource,
    string rule,
    string rules,
    Func<Fields, TRequest, TDraft?> draft,
    Func<TRule, long> idOf,
    string createTitle,
    string editTitle)
    where TAdmin : IVersionedRules<TDraft, TRule, TView>
    where TRequest : class, IVersionedRequest
    where TDraft : class
{
    private const string NothingChanged = "Nothing was changed.";

    /// <summary>The six endpoints under the resource's tag; the group, for what only this resource offers.</summary>
    public RouteGroupBuilder Map(IEndpointRouteBuilder app, string tag, VersionedRulesSummaries summaries)
    {
        ArgumentNullException.ThrowIfNull(summaries);
        // As Delegate values: ASP.NET Core 10's route-handler analyzer throws on a handler whose parameters are type parameters
        // (dotnet/aspnetcore#56831, fixed in 11), which fails the build. The endpoints are built from the same methods either way.
        Delegate list = List, versions = Versions, create = Create, edit = Edit, enable = Enable, disable = Disable;
        var group = app.MapAdminGroup(resource, tag);
        group.MapGet("/", list).WithName($"List{rules}").WithSummary(summaries.List);
        group.MapGet("/{id:long}/versions", versions).WithName($"List{rule}Versions").WithSummary(summaries.Versions);
        group.MapPost("/", create).WithName($"Create{rule}").WithSummary(summaries.Create)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPut("/{id:long}", edit).WithName($"Edit{rule}").WithSummary(summaries.Edit)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{id:long}/enable", enable).WithName($"Enable{rule}").WithSummary(summaries.Enable)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{id:long}/disable", disable).WithName($"Disable{rule}").WithSummary(summaries.Disable)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return group;
    }

    public async Task<Ok<IReadOnlyList<TView>>> List(TAdmin admin, CancellationToken cancellationToken) =>
        TypedResults.Ok(await admin.ListAsync(cancellationToken));

    public async Task<Ok<IReadOnlyList<RuleVersionView>>> Versions(long id, TAdmin admin, CancellationToken cancellationToken) =>
        TypedResults.Ok(await admin.VersionsAsync(id, cancellationToken));

    public async Task<Results<Created<TRule>, ValidationProblem, ProblemHttpResult>> Create(TRequest body,
        TAdmin admin, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var fields = new Fields();
        var created = draft(fields, body);
        if (!fields.Ok)
        {
            return TypedResults.ValidationProblem(fields.Errors, title: createTitle);
        }

        return AdminAnswers.Created(await admin.CreateAsync(created!, user.ToActor().ToString(), cancellationToken),
            r => $"/api/admin/{resource}/{idOf(r)}", createTitle);
    }

    public async Task<Results<Ok<TRule>, ValidationProblem, ProblemHttpResult>> Edit(long id, TRequest body,
        TAdmin admin, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var fields = new Fields();
        var edited = draft(fields, body);
        var version = fields.Version(body.Version);
        if (!fields.Ok)
        {
            return TypedResults.ValidationProblem(fields.Errors, title: editTitle);
        }

        return AdminAnswers.Changed(await admin.EditAsync(id, version, edited!, user.ToActor().ToString(), cancellationToken), editTitle);
    }

    public Task<Results<Ok<TRule>, ValidationProblem, ProblemHttpResult>> Enable(long id, VersionRequest body,
        TAdmin admin, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        SetEnabled(id, body, enabled: true, admin, user, cancellationToken);

    public Task<Results<Ok<TRule>, ValidationProblem, ProblemHttpResult>> Disable(long id, VersionRequest body,
        TAdmin admin, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        SetEnabled(id, body, enabled: false, admin, user, cancellationToken);

    private static async Task<Results<Ok<TRule>, ValidationProblem, ProblemHttpResult>> SetEnabled(long id, VersionRequest body, bool enabled,
        TAdmin admin, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (body.Version is not { } version || version < 1)
        {
            return VersionRequest.Missing();
        }

        return AdminAnswers.Changed(await admin.SetEnabledAsync(id, version, enabled, user.ToActor().ToString(), cancellationToken), NothingChanged);
    }
}
