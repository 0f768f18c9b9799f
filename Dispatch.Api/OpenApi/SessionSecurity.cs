using Dispatch.Api.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Dispatch.Api.OpenApi;

/// <summary>
/// Declares the console's session beside the bearer tokens (<see cref="BearerSecurity"/>): the <c>session</c> scheme (the
/// dispatch.session cookie POST /api/session sets) and the <c>xsrf</c> scheme (the X-XSRF-TOKEN header). Every operation that needs a
/// signed-in user takes either a bearer token or the session; one that changes something takes the session only with the header,
/// which is how OpenAPI says "both": two schemes in one requirement.
/// </summary>
public sealed class SessionSecurity : IOpenApiDocumentTransformer, IOpenApiOperationTransformer
{
    public const string SessionSchemeId = "session";
    public const string AntiforgerySchemeId = "xsrf";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[SessionSchemeId] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Cookie,
            Name = SessionCookies.Session,
            Description = "A person's session (the console): POST /api/session with {username, password} sets this HttpOnly cookie. " +
                          "It ends at sign-out (DELETE /api/session), after Session:IdleTimeout without use, or 12 hours after sign-in.",
        };
        document.Components.SecuritySchemes[AntiforgerySchemeId] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = SessionCookies.AntiforgeryHeader,
            Description = $"Every POST, PUT, PATCH and DELETE made with the session cookie carries this header, equal to the {SessionCookies.Antiforgery} " +
                          "cookie sign-in set (403 without it). Not needed with a bearer token.",
        };
        return Task.CompletedTask;
    }

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        if (!BearerSecurity.RequiresSignIn(metadata))
        {
            if (metadata.OfType<IAllowAnonymous>().Any())
            {
                // Said, not left out: an empty requirement is how OpenAPI says "no sign-in" (POST /api/session is how one signs in).
                operation.Security = [];
            }

            return Task.CompletedTask;
        }

        var requirement = new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SessionSchemeId, context.Document)] = [] };
        if (!HttpMethods.IsGet(context.Description.HttpMethod ?? "GET") && !HttpMethods.IsHead(context.Description.HttpMethod ?? "GET"))
        {
            requirement[new OpenApiSecuritySchemeReference(AntiforgerySchemeId, context.Document)] = [];
        }

        operation.Security ??= [];
        operation.Security.Add(requirement);
        return Task.CompletedTask;
    }
}
