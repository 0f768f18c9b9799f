namespace Dispatch.Workers.Storage;

/// <summary>
/// Reference data read on every request but changed rarely (catalogue, routing rules, calendars and policies):
/// one loaded copy, kept for an interval, reloaded by one caller at a time when it is stale, dropped at once by
/// <see cref="Invalidate"/> after an edit in this process.
/// </summary>
public sealed class RefreshingSnapshot<T>(TimeProvider clock, Func<TimeSpan> interval, Func<CancellationToken, Task<T>> load) : IDisposable
    where T : class
{
    private readonly SemaphoreSlim _reload = new(1, 1);
    private (T Value, long LoadedAt)? _current;

    public async Task<T> GetAsync(CancellationToken cancellationToken)
    {
        if (Fresh() is { } value)
        {
            return value;
        }

        await _reload.WaitAsync(cancellationToken);
        try
        {
            if (Fresh() is { } loadedMeanwhile)
            {
                return loadedMeanwhile;
            }

            var loaded = await load(cancellationToken);
            _current = (loaded, clock.GetTimestamp());
            return loaded;
        }
        finally
        {
            _reload.Release();
        }
    }

    public void Invalidate() => _current = null;

    public void Dispose() => _reload.Dispose();

    private T? Fresh() => _current is { } current && clock.GetElapsedTime(current.LoadedAt) < interval() ? current.Value : null;
}
