using System.Threading.RateLimiting;
using Dispatch.Api.Limits;
using Microsoft.Extensions.Options;

namespace Dispatch.Api.Access;

/// <summary>
/// Failed sign-ins per client address (<see cref="RateLimitOptions.FailedSignIns"/>): bearer tokens, session cookies and passwords that
/// did not authenticate. Asked before a token is looked up or a password checked, told after one failed: an address that has spent its
/// budget causes no more lookups until it refills, however many different tokens it makes up (the miss cache alone only catches the
/// same token sent again). Wrong passwords also count per username (<see cref="RateLimitOptions.FailedPasswordsPerUser"/>), so that
/// one person's password is guessed no faster from many addresses: that username is locked out of password sign-in until it refills.
/// </summary>
public sealed class SignInThrottle : IDisposable
{
    private readonly PartitionedRateLimiter<string> _failures;
    private readonly PartitionedRateLimiter<string> _wrongPasswords;
    private readonly TimeSpan _period;
    private readonly TimeSpan _passwordPeriod;

    public SignInThrottle(IOptions<RateLimitOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var budget = options.Value.FailedSignIns;
        var perUser = options.Value.FailedPasswordsPerUser;
        _period = budget.Period;
        _passwordPeriod = perUser.Period;
        _failures = PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.GetTokenBucketLimiter(address, _ => budget.ToLimiterOptions()));
        _wrongPasswords = PartitionedRateLimiter.Create<string, string>(user => RateLimitPartition.GetTokenBucketLimiter(user, _ => perUser.ToLimiterOptions()));
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

    /// <summary>How long <paramref name="username"/> must wait before a password is checked for it again; null when it need not.</summary>
    public TimeSpan? PasswordWaitFor(string username) =>
        _wrongPasswords.GetStatistics(UserKey(username)) is { CurrentAvailablePermits: < 1 } ? _passwordPeriod : null;

    /// <summary>A wrong password for <paramref name="username"/> (known or not: a lock-out must not tell which usernames exist).</summary>
    public void WrongPassword(string username)
    {
        using var _ = _wrongPasswords.AttemptAcquire(UserKey(username));
    }

    public void Dispose()
    {
        _failures.Dispose();
        _wrongPasswords.Dispose();
    }

    // Case-insensitive: SQL Server's default collation finds "Agent1" as agent1, so the spelling must not buy a fresh budget.
    private static string UserKey(string username) => username.Trim().ToLowerInvariant();
}
