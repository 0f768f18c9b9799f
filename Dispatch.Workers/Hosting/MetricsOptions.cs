using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Dispatch.Workers.Hosting;

/// <summary>
/// Section "Metrics": who may read <c>/metrics</c>. The figures say how many cases a line takes and how late it runs, so
/// outside Development a host serves them only to a scraper that sends <see cref="ScrapeToken"/> as a bearer token
/// (environment variable <c>Metrics__ScrapeToken</c>, from the same Secret as the passwords; Prometheus:
/// <c>authorization: { credentials_file: … }</c>). Without one, such a host refuses to start, unless
/// <see cref="AllowAnonymous"/> says something else guards the endpoint (a network policy, a sidecar).
/// </summary>
public sealed class MetricsOptions
{
    public const string Section = "Metrics";

    public const int MinimumTokenLength = 32;

    public string? ScrapeToken { get; set; }

    public bool AllowAnonymous { get; set; }

    /// <summary>What start-up checks; null when the options will do.</summary>
    public string? Problem(bool isDevelopment) => ScrapeToken switch
    {
        { Length: < MinimumTokenLength } => $"Metrics:ScrapeToken must be at least {MinimumTokenLength} characters (a random secret).",
        null when !isDevelopment && !AllowAnonymous =>
            "Metrics:ScrapeToken (environment variable Metrics__ScrapeToken) is required outside Development: /metrics is served " +
            "only to a scraper that sends it as a bearer token. Set Metrics:AllowAnonymous=true only where something else guards /metrics.",
        _ => null,
    };

    /// <summary>Whether a request with this Authorization header may read the metrics: compared in constant time.</summary>
    public bool Admits(string? authorization)
    {
        if (ScrapeToken is null)
        {
            return true;
        }

        const string scheme = "Bearer ";
        if (authorization is null || !authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        // Hashes have one length whatever was sent, so the comparison's time says nothing about the token.
        return CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(authorization[scheme.Length..].Trim())),
            SHA256.HashData(Encoding.UTF8.GetBytes(ScrapeToken)));
    }
}

internal sealed class MetricsOptionsValidation(IHostEnvironment environment) : IValidateOptions<MetricsOptions>
{
    public ValidateOptionsResult Validate(string? name, MetricsOptions options) =>
        options.Problem(environment.IsDevelopment()) is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
}
