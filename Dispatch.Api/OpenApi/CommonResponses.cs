using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace Dispatch.Api.OpenApi;

/// <summary>
/// The answers any endpoint of a group may give whatever it does, declared as response metadata so that the OpenAPI document
/// lists them with the ProblemDetails schema: 401 and 403 where the endpoint requires a signed-in user or a role, 429 from the
/// per-caller limits (<see cref="Limits.RequestLimits"/>), 503 when the database is unavailable or the request ran out of time.
/// </summary>
public static class CommonResponses
{
    public static RouteGroupBuilder WithCommonResponses(this RouteGroupBuilder group)
    {
        ArgumentNullException.ThrowIfNull(group);
        // Finally: after the endpoints' own conventions, which is where most of them ask for authorization.
        ((IEndpointConventionBuilder)group).Finally(endpoint =>
        {
            if (BearerSecurity.RequiresSignIn(endpoint.Metadata))
            {
                Add(endpoint, StatusCodes.Status401Unauthorized);
                if (BearerSecurity.RequiresRole(endpoint.Metadata))
                {
                    Add(endpoint, StatusCodes.Status403Forbidden);
                }
            }

            Add(endpoint, StatusCodes.Status429TooManyRequests);
            Add(endpoint, StatusCodes.Status503ServiceUnavailable);
        });
        return group;
    }

    private static void Add(EndpointBuilder endpoint, int status)
    {
        if (!endpoint.Metadata.OfType<IProducesResponseTypeMetadata>().Any(m => m.StatusCode == status))
        {
            endpoint.Metadata.Add(new ProducesResponseTypeMetadata(status, typeof(ProblemDetails), ["application/problem+json"]));
        }
    }
}
