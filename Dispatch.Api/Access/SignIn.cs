using Dispatch.Workers.Access;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Net.Http.Headers;

namespace Dispatch.Api.Access;

/// <summary>
/// The two ways to be signed in, both good on every endpoint: a bearer token (integrations, scripts) and a session cookie (people at
/// the console). A request with an Authorization header is judged by its token alone, whatever cookie it also carries; one without by
/// its session cookie.
/// </summary>
public static class SignIn
{
    /// <summary>The default scheme: it picks one of the two per request.</summary>
    public const string SchemeName = "Dispatch";

    public static IServiceCollection AddSignIn(this IServiceCollection services)
    {
        services.AddOptions<UserSessionOptions>().BindConfiguration(UserSessionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<Sessions>();
        services.AddAuthentication(SchemeName)
            .AddPolicyScheme(SchemeName, "A bearer token or a session cookie", o => o.ForwardDefaultSelector = context =>
                context.Request.Headers.ContainsKey(HeaderNames.Authorization) ? BearerTokenAuthentication.SchemeName : SessionAuthentication.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, BearerTokenAuthentication>(BearerTokenAuthentication.SchemeName, null)
            .AddScheme<AuthenticationSchemeOptions, SessionAuthentication>(SessionAuthentication.SchemeName, null);
        return services;
    }
}
