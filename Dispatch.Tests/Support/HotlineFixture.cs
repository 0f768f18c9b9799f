using Dispatch.Workers.Storage;

namespace Dispatch.Tests.Support;

/// <summary>
/// A fixture with its own database and its own running hotline (Api, and Workers unless a fixture says
/// otherwise), started once for the fixture and torn down after it.
/// </summary>
public abstract class HotlineFixture
{
    protected TestDatabase Db { get; private set; } = null!;

    protected DispatchSystem Hotline { get; private set; } = null!;

    /// <summary>False: the Api alone, nothing published — a filed case stays filed until a person acts.</summary>
    protected virtual bool WithWorkers => true;

    /// <summary>A clock the fixture moves, for both hosts; null for the real one.</summary>
    protected virtual TimeProvider? Clock => null;

    protected virtual IReadOnlyDictionary<string, string?>? Settings => null;

    /// <summary>True: the Api also listens on a loopback port (<see cref="DispatchSystem.ApiAddress"/>), for a browser.</summary>
    protected virtual bool OverHttp => false;

    /// <summary>Services the fixture adds to or replaces in each host; null for none.</summary>
    protected virtual DispatchSystem.HostServices? Services => null;

    [OneTimeSetUp]
    public async Task StartHotline()
    {
        Db = await TestDatabase.CreateAsync(DatabaseProvider.PostgreSql);
        Hotline = await DispatchSystem.StartAsync(Db, Settings, WithWorkers, Clock, OverHttp, Services);
    }

    [OneTimeTearDown]
    public async Task StopHotline()
    {
        if (Hotline is not null)
        {
            await Hotline.DisposeAsync();
        }

        if (Db is not null)
        {
            await Db.DisposeAsync();
        }
    }

    protected Task<HttpClient> As(string user) => Hotline.As(user);
}
