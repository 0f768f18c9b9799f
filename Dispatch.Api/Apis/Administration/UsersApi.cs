using System.Security.Claims;
using Dispatch.Api.Access;
using Dispatch.Api.OpenApi;
using Dispatch.Api.Validation;
using Dispatch.Workers.Access;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dispatch.Api.Apis.Administration;

/// <summary>Users as administrators edit them (admin role): role, department, active. Deactivating one takes effect within 30 s everywhere.</summary>
public static class UsersApi
{
    public static IEndpointRouteBuilder MapUsersApi(this IEndpointRouteBuilder app)
    {
        var users = app.MapAdminGroup("users", ApiTags.Users);
        users.MapGet("/", List).WithName("ListUsers")
            .WithSummary("Users with their tokens' labels and dates (never a token).");
        users.MapPost("/", Create).WithName("CreateUser")
            .WithSummary("Adds a user: {username, displayName, role, departmentCode (handlers only), active}.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        users.MapPut("/{username}", Edit).WithName("EditUser")
            .WithSummary("A new version of a user (same body without the username, with the version it was edited from).")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    public static async Task<Ok<IReadOnlyList<UserView>>> List(UserAdministration admin, CancellationToken cancellationToken) =>
        TypedResults.Ok(await admin.ListAsync(cancellationToken));

    public static async Task<Results<Created<UserDraft>, ValidationProblem, ProblemHttpResult>> Create(UserRequest body,
        UserAdministration admin, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var fields = new Fields();
        var draft = Draft(fields, fields.Code("username", body.Username, required: true, maxLength: 64), body);
        if (!fields.Ok)
        {
            return TypedResults.ValidationProblem(fields.Errors, title: Title);
        }

        return AdminAnswers.Created(await admin.SaveAsync(draft!, null, user.ToActor().ToString(), cancellationToken),
            u => $"/api/admin/users/{u.Username}", Title);
    }

    public static async Task<Results<Ok<UserDraft>, ValidationProblem, ProblemHttpResult>> Edit(string username, UserRequest body,
        UserAdministration admin, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var fields = new Fields();
        var draft = Draft(fields, username, body);
        var version = fields.Version(body.Version);
        if (!fields.Ok)
        {
            return TypedResults.ValidationProblem(fields.Errors, title: Title);
        }

        return AdminAnswers.Changed(await admin.SaveAsync(draft!, version, user.ToActor().ToString(), cancellationToken), Title);
    }

    private const string Title = "The user was not saved.";

    private static UserDraft? Draft(Fields fields, string? username, UserRequest body)
    {
        var name = fields.Text("displayName", body.DisplayName, 100, required: true, allowLineBreaks: false);
        var role = fields.OneOf("role", body.Role, Roles.All, required: true);
        var department = fields.Code("departmentCode", body.DepartmentCode, required: false);
        return username is null || name is null || role is null ? null : new UserDraft(username, name, role, department, body.Active ?? true);
    }
}

public sealed record UserRequest(string? Username, int? Version, string? DisplayName, string? Role, string? DepartmentCode, bool? Active);
