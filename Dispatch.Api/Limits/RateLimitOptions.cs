using System.ComponentModel.DataAnnotations;

namespace Dispatch.Api.Limits;

/// <summary>
/// Section "RateLimits": how much one caller may ask of one Api process (each replica counts its own). Signed-in calls are
/// counted per user, everything else per client address (<see cref="ClientAddress"/>); a token that does not authenticate also
/// spends its address's <see cref="FailedSignIns"/>. Health and <c>/metrics</c> are never limited.
/// </summary>
public sealed class RateLimitOptions : IValidatableObject
{
    public const string Section = "RateLimits";

    /// <summary>Per signed-in user. A person at a console makes a few requests a second; this stops a runaway script, not an agent.</summary>
    public RequestBudget PerUser { get; set; } = new() { PermitLimit = 600, PermitsPerPeriod = 60 };

    /// <summary>Per client address, for calls without a valid token. Nothing a signed-out client may do needs many.</summary>
    public RequestBudget PerAddress { get; set; } = new() { PermitLimit = 100, PermitsPerPeriod = 10 };

    /// <summary>
    /// Per client address, tokens that did not authenticate (unknown, expired, revoked, malformed). Once spent, no token from the
    /// address is looked up (429) but one this process accepted in the last <see cref="Workers.Access.UserDirectory.CacheFor"/>: a flood
    /// of made-up tokens costs the database nothing, and the colleagues behind the same address keep working.
    /// </summary>
    public RequestBudget FailedSignIns { get; set; } = new() { PermitLimit = 60, PermitsPerPeriod = 1 };

    /// <summary>
    /// Per username, wrong passwords at sign-in (POST /api/session), whoever sends them: once spent, that username cannot sign in with a
    /// password (429) until the budget refills — ASP.NET Core Identity's lock-out defaults, 5 failures and then one try every 5 minutes.
    /// Guessing one person's password from many addresses stays as slow as from one.
    /// </summary>
    public RequestBudget FailedPasswordsPerUser { get; set; } = new() { PermitLimit = 5, PermitsPerPeriod = 1, Period = TimeSpan.FromMinutes(5) };

    /// <summary>CSV or XLSX exports one user may have running at once; the next is refused (429) until one ends.</summary>
    [Range(1, 100)]
    public int ConcurrentExportsPerUser { get; set; } = 2;

    /// <summary>What a refused export is told to wait: about how long an export takes.</summary>
    public TimeSpan ExportRetryAfter { get; set; } = TimeSpan.FromSeconds(10);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, budget) in new[]
                 {
                     (nameof(PerUser), PerUser), (nameof(PerAddress), PerAddress), (nameof(FailedSignIns), FailedSignIns),
                     (nameof(FailedPasswordsPerUser), FailedPasswordsPerUser),
                 })
        {
            foreach (var problem in budget.Problems($"{Section}:{name}"))
            {
                yield return new ValidationResult(problem, [name]);
            }
        }

        if (ExportRetryAfter < TimeSpan.FromSeconds(1) || ExportRetryAfter > TimeSpan.FromHours(1))
        {
            yield return new ValidationResult($"{Section}:{nameof(ExportRetryAfter)} must be from a second to an hour.", [nameof(ExportRetryAfter)]);
        }
    }
}
