using Npgsql;

namespace Dispatch.Tests.Support;

/// <summary>
/// A PostgreSQL cluster of a fixture's own (deploy/local/lib.sh, faults_postgres_*: pg_createcluster on its own port, with the
/// roles the services use), so that a scenario can stop the database without stopping the one the rest of the suite uses.
/// Dropped with everything in it when disposed.
/// </summary>
public sealed class OwnPostgresCluster : IAsyncDisposable
{
    private const int Port = 5440;

    private OwnPostgresCluster(IReadOnlyDictionary<string, string> credentials)
    {
        AdminConnectionString = $"Host=127.0.0.1;Port={Port};Database=postgres;Username=dispatch;Password={credentials["DISPATCH_PASSWORD"]};SSL Mode=Disable";
        ServiceConnectionString = $"Host=127.0.0.1;Port={Port};Database=postgres;Username=dispatch_app;Password={credentials["DISPATCH_APP_PASSWORD"]};SSL Mode=Disable";
    }

    /// <summary>As the owner (who may create databases), to its maintenance database.</summary>
    public string AdminConnectionString { get; }

    /// <summary>As the services' role.</summary>
    public string ServiceConnectionString { get; }

    public static async Task<OwnPostgresCluster> StartAsync()
    {
        await LocalScripts.RunAsync("faults_postgres_up");
        return new OwnPostgresCluster(LocalScripts.Credentials());
    }

    /// <summary>pg_ctlcluster stop -m fast: open sessions are cut, as in a crash or a failover.</summary>
    public async Task StopAsync()
    {
        await LocalScripts.RunAsync("faults_postgres_ctl", "stop");
        Running = false;
    }

    public bool Running { get; private set; } = true;

    public async Task StartAgainAsync()
    {
        await LocalScripts.RunAsync("faults_postgres_ctl", "start");
        Running = true;
        // This process's pooled connections died with the server.
        NpgsqlConnection.ClearAllPools();
    }

    public async ValueTask DisposeAsync() => await LocalScripts.RunAsync("faults_postgres_down");
}
