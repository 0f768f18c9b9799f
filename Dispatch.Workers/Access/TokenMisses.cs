using System.Collections.Concurrent;

namespace Dispatch.Workers.Access;

/// <summary>
/// Token hashes the database recently said it has never seen, so that the same made-up token sent again costs no query.
/// Only hashes with no row at all are remembered: such a hash cannot come to exist later (an issued token is 32 new random
/// bytes), so a remembered miss is never wrong. A token that exists but is revoked, expired or belongs to an inactive user is
/// not remembered here: reactivating the user must make it work again at once.
/// Bounded without per-entry bookkeeping: two generations of at most half <see cref="Capacity"/> hashes each; when the newer is
/// full it becomes the older and the older is dropped whole.
/// </summary>
public sealed class TokenMisses(TimeProvider clock, int capacity, TimeSpan rememberFor)
{
    private readonly Lock _turnover = new();
    private ConcurrentDictionary<string, DateTimeOffset> _newer = new(StringComparer.Ordinal);
    private ConcurrentDictionary<string, DateTimeOffset> _older = new(StringComparer.Ordinal);
    private int _newerCount;

    public int Capacity { get; } = capacity > 1 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity), "At least 2.");

    /// <summary>How many hashes are held now (both generations); never more than <see cref="Capacity"/> and a few racing writers.</summary>
    public int Count => Volatile.Read(ref _newer).Count + Volatile.Read(ref _older).Count;

    public bool Remembers(string hash)
    {
        var now = clock.GetUtcNow();
        return (Volatile.Read(ref _newer).TryGetValue(hash, out var until) || Volatile.Read(ref _older).TryGetValue(hash, out until)) && now < until;
    }

    public void Remember(string hash)
    {
        var until = clock.GetUtcNow() + rememberFor;
        var newer = Volatile.Read(ref _newer);
        if (!newer.TryAdd(hash, until))
        {
            newer[hash] = until;
            return;
        }

        if (Interlocked.Increment(ref _newerCount) >= Capacity / 2)
        {
            TurnOver();
        }
    }

    private void TurnOver()
    {
        lock (_turnover)
        {
            if (Volatile.Read(ref _newerCount) < Capacity / 2)
            {
                return;
            }

            Volatile.Write(ref _older, _newer);
            Volatile.Write(ref _newer, new ConcurrentDictionary<string, DateTimeOffset>(StringComparer.Ordinal));
            Volatile.Write(ref _newerCount, 0);
        }
    }
}
