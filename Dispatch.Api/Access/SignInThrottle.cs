using System.Threading.RateLimiting;
using Dispatch.Api.Limits;
using Microsoft.Extensions.Options;

namespace Dispatch.Api.Access;

/// <summary>
/// Failed sign-ins per client address (<see cref="RateLimitOptions.FailedSignIns"/>). Asked before a token is looked up, told after a
/// token failed: an address that has spent its budget causes no more lookups until it refills, however many different tokens it
/// makes up (the miss cache alone only catches the same token sent again).
/// </summary>
public sealed class SignInThrottle : IDisposable
{
    private readonly PartitionedRateLimiter<string> _failures;
    private readonly TimeSpan _period;

    public SignInThrottle(IOptions<RateLimitOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var budget = options.Value.FailedSignIns;
        _period = budget.Period;
        _failures = PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.GetTokenBucketLimiter(address, _ => budget.ToLimiterOptions()));
    }

    /// <summary>How long <paramref name="address"/> must wait before a token from it is looked up again; null when it need not.</summary>
    /// <remarks>
    /// Read from the statistics, not by asking for no permit: the bucket refills continuously, and a fraction of a permit already
    /// grants a request for none. A whole permit comes back within one period.
    /// </remarks>
    public TimeSpan? WaitFor(string address) => _failures.GetStatistics(address) is { CurrentAvailablePermits: < 1 } ? _period : null;

    public void Failed(string address)
    {
        using var _ = _failures.AttemptAcquire(address);
    }

    public void Dispose() => _failures.Dispose();
}
