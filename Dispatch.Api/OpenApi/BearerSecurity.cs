using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Dispatch.Api.OpenApi;

/// <summary>
/// Declares the bearer tokens the Api takes (<c>components.securitySchemes.bearer</c>) and asks for one on every operation whose
/// endpoint requires a signed-in user, so that a generated client sends the token where it is needed and only there.
/// </summary>
public sealed class BearerSecurity : IOpenApiDocumentTransformer, IOpenApiOperationTransformer
{
    public const string SchemeId = "bearer";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[SchemeId] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "A token an administrator issued (POST /api/admin/users/{username}/tokens), sent as Authorization: Bearer dsp_…",
        };
        return Task.CompletedTask;
    }

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        if (RequiresSignIn(context.Description.ActionDescriptor.EndpointMetadata))
        {
            operation.Security ??= [];
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeId, context.Document)] = [] });
        }

        return Task.CompletedTask;
    }

    /// <summary>The endpoint asks for authorization (a signed-in user, maybe of some roles) and does not allow anonymous callers.</summary>
    public static bool RequiresSignIn(IEnumerable<object> metadata) =>
        metadata.Any(m => m is IAuthorizeData or AuthorizationPolicy) && !metadata.OfType<IAllowAnonymous>().Any();

    /// <summary>The endpoint lets in only some roles: a signed-in user of another role is refused with 403.</summary>
    public static bool RequiresRole(IEnumerable<object> metadata) =>
        metadata.OfType<AuthorizationPolicy>().Any(p => p.Requirements.OfType<RolesAuthorizationRequirement>().Any())
        || metadata.OfType<IAuthorizeData>().Any(a => !string.IsNullOrEmpty(a.Roles));
}
