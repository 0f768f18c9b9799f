using System.Globalization;
using System.Threading.RateLimiting;

namespace Dispatch.Api.Limits;

/// <summary>
/// How many requests one caller may make: up to <see cref="PermitLimit"/> at once, then <see cref="PermitsPerPeriod"/> more every
/// <see cref="Period"/> (a token bucket: a burst when a screen opens, a steady rate after it). Unused permits add up to the limit again.
/// </summary>
public sealed class RequestBudget
{
    public const int MaxPermits = 1_000_000;

    public int PermitLimit { get; set; }

    public int PermitsPerPeriod { get; set; }

    public TimeSpan Period { get; set; } = TimeSpan.FromSeconds(1);

    public TokenBucketRateLimiterOptions ToLimiterOptions() => new()
    {
        TokenLimit = PermitLimit,
        TokensPerPeriod = PermitsPerPeriod,
        ReplenishmentPeriod = Period,
        AutoReplenishment = true,
        // A caller over its budget is told when to come back, not kept waiting on a held connection.
        QueueLimit = 0,
    };

    /// <summary>What is wrong with this budget, named by its configuration key (e.g. RateLimits:PerUser).</summary>
    public IEnumerable<string> Problems(string key)
    {
        if (PermitLimit is < 1 or > MaxPermits)
        {
            yield return $"{key}:PermitLimit must be from 1 to {MaxPermits:N0}.";
        }

        if (PermitsPerPeriod is < 1 or > MaxPermits)
        {
            yield return $"{key}:PermitsPerPeriod must be from 1 to {MaxPermits:N0}.";
        }

        if (Period <= TimeSpan.Zero || Period > TimeSpan.FromDays(1))
        {
            yield return $"{key}:Period must be positive and at most a day.";
        }
    }

    /// <summary>The budget in a client's words, for the 429 answer.</summary>
    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{PermitLimit:N0} at once and {PermitsPerPeriod:N0} more every {(Period == TimeSpan.FromSeconds(1) ? "second" : Period.ToString("c", CultureInfo.InvariantCulture))}");
}
