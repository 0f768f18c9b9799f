using Dispatch.Workers.Access;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Dispatch.Tests.Support;

/// <summary>
/// The real Api and Workers hosts, in this process, against the real PostgreSQL and RabbitMQ: what
/// deploy/local/up runs, minus Kestrel. Each fixture starts its own and disposes it.
/// </summary>
public sealed class DispatchSystem : IAsyncDisposable
{
    private readonly HostFactory<Dispatch.Api.Program> _api;
    private readonly HostFactory<Dispatch.Workers.Program>? _workers;

    private DispatchSystem(TestDatabase database, IReadOnlyDictionary<string, string?> overrides, bool withWorkers, TimeProvider? clock,
        bool overHttp, HostServices? services)
    {
        Database = database;
        var settings = new Dictionary<string, string?>
        {
            // As the services' role, like a deployment: the database was migrated by its owner (TestDatabase).
            ["ConnectionStrings:Dispatch"] = database.ServiceConnectionString,
            ["Database:Provider"] = database.Provider.ToString(),
            ["Database:MigrateOnStart"] = "false",
            ["RabbitMq:Host"] = TestSettings.RabbitHost,
            ["RabbitMq:VirtualHost"] = TestSettings.RabbitVirtualHost,
            ["RabbitMq:Username"] = TestSettings.RabbitUser,
            ["RabbitMq:Password"] = TestSettings.RabbitPassword,
            ["Routing:FallbackDepartmentCode"] = "GOV",
            ["Outbox:PollInterval"] = "00:00:00.050",
            // Each process publishes what it commits at once; the relay takes only what they left for 2 s (a killed process's rows,
            // a row a spec writes by hand). Well above how long a row waits for its writer, so it is not published twice.
            ["Outbox:RelayAfter"] = "00:00:02",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Metrics:ScrapeToken"] = MetricsToken,
            // The specs make many calls quickly, as one user and (in the test server) from one address: limits far above what they
            // make, so that only the specs of the limits (AbuseSpecs) meet one.
            ["RateLimits:PerUser:PermitLimit"] = "1000000",
            ["RateLimits:PerUser:PermitsPerPeriod"] = "1000000",
            ["RateLimits:PerAddress:PermitLimit"] = "1000000",
            ["RateLimits:PerAddress:PermitsPerPeriod"] = "1000000",
            ["RateLimits:FailedSignIns:PermitLimit"] = "1000000",
            ["RateLimits:FailedSignIns:PermitsPerPeriod"] = "1000000",
            ["RateLimits:FailedPasswordsPerUser:PermitLimit"] = "1000000",
            ["RateLimits:FailedPasswordsPerUser:PermitsPerPeriod"] = "1000000",
            ["RateLimits:ConcurrentExportsPerUser"] = "100",
            // Each system its own blob volume; housekeeping runs when a spec asks (BlobHousekeeping.SweepAsync), not on a timer.
            ["Attachments:Path"] = AttachmentsPath,
            ["Attachments:HousekeepingEnabled"] = "false",
        };
        foreach (var (key, value) in TestAuditKeys.Settings)
        {
            settings[key] = value;
        }

        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }

        if (!withWorkers)
        {
            // The center's desk alone: nothing is published, so a filed case stays filed until a person acts.
            settings["Outbox:RelayEnabled"] = "false";
        }

        _api = new HostFactory<Dispatch.Api.Program>(settings, clock, services?.Api);
        if (overHttp)
        {
            // A browser needs a real address: Kestrel on a loopback port of its own, besides the in-memory clients the specs use.
            var port = Dispatch.Testing.ListenPort.Next();
            _api.UseKestrel(o => o.Listen(System.Net.IPAddress.Loopback, port));
            ApiAddress = new Uri($"http://127.0.0.1:{port}/");
        }

        _workers = withWorkers ? new HostFactory<Dispatch.Workers.Program>(settings, clock, services?.Workers) : null;
    }

    public TestDatabase Database { get; }

    /// <summary>The directory of this system's attachment blobs (Attachments:Path, unless a fixture's settings name another).</summary>
    public string AttachmentsPath { get; } = Path.Combine(Path.GetTempPath(), "dispatch-attachments-" + Guid.NewGuid().ToString("N"));

    /// <summary>The Api host's services (its blob store, its housekeeping).</summary>
    public IServiceProvider ApiServices => _api.Services;

    /// <summary>Where a browser reaches the Api (and the console it serves), when started over HTTP; null otherwise.</summary>
    public Uri? ApiAddress { get; }

    /// <summary>What both hosts take as Metrics:ScrapeToken (they run as "Test", not Development, so /metrics needs one).</summary>
    public string MetricsToken { get; } = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(20));

    /// <summary>The API as agent1 (a call-center agent: the center sees every case).</summary>
    public HttpClient Api { get; private set; } = null!;

    private readonly Dictionary<string, HttpClient> _clients = [];

    /// <summary>The API as a demo user (see deploy/seed/demo-district.json), with a token issued for this run.</summary>
    public async Task<HttpClient> As(string username)
    {
        if (!_clients.TryGetValue(username, out var client))
        {
            var users = new UserDirectory(Database.Database, TimeProvider.System);
            var token = await users.IssueTokenAsync(username, "test", null, CancellationToken.None);
            client = Anonymous();
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            _clients[username] = client;
        }

        return client;
    }

    /// <summary>The Workers host's HTTP endpoints (health).</summary>
    public HttpClient Workers => (_workers ?? throw new InvalidOperationException("Started without workers.")).CreateClient();

    /// <summary>The API without credentials.</summary>
    public HttpClient Anonymous() => _api.CreateClient();

    /// <summary>The API without credentials and without a cookie jar: a spec that signs in sends the cookies itself (<see cref="ConsoleSession"/>).</summary>
    public HttpClient Cookieless() => _api.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false, AllowAutoRedirect = false });

    public IServiceProvider WorkerServices => (_workers ?? throw new InvalidOperationException("Started without workers.")).Services;

    public IBus WorkerBus => WorkerServices.GetRequiredService<IBus>();

    /// <summary>Records what both hosts' buses publish (each host's outbox relay, and a spec's own publishes) until disposed.</summary>
    public PublishedMessages RecordPublished() =>
        new([_api.Services.GetRequiredService<IBus>(), .. _workers is null ? Array.Empty<IBus>() : [WorkerBus]]);

    public static async Task<DispatchSystem> StartAsync(TestDatabase database, IReadOnlyDictionary<string, string?>? overrides = null,
        bool withWorkers = true, TimeProvider? clock = null, bool overHttp = false, HostServices? services = null)
    {
        var system = new DispatchSystem(database, overrides ?? new Dictionary<string, string?>(), withWorkers, clock, overHttp, services);
        if (overHttp)
        {
            system._api.StartServer();
        }

        system.Api = await system.As("agent1");
        if (system._workers is { } workers)
        {
            _ = workers.Services; // starts the host: consumers, relay
            await Poller.UntilAsync(
                async () => (await workers.CreateClient().GetAsync(new Uri("/health/ready", UriKind.Relative))).IsSuccessStatusCode,
                ready => ready, "the Workers host to be ready");
        }

        return system;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }

        await _api.DisposeAsync();
        if (Directory.Exists(AttachmentsPath))
        {
            Directory.Delete(AttachmentsPath, recursive: true);
        }

        if (_workers is not null)
        {
            await _workers.DisposeAsync();
        }
    }

    /// <summary>Services a fixture adds to, or replaces in, each host (e.g. a spec's span exporter), after the host's own.</summary>
    public sealed record HostServices(Action<IServiceCollection>? Api = null, Action<IServiceCollection>? Workers = null);

    private sealed class HostFactory<TEntryPoint>(IReadOnlyDictionary<string, string?> settings, TimeProvider? clock,
        Action<IServiceCollection>? services)
        : WebApplicationFactory<TEntryPoint>
        where TEntryPoint : class
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Test");
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }

            if (clock is not null)
            {
                builder.ConfigureTestServices(s => s.AddSingleton(clock));
            }

            if (services is not null)
            {
                builder.ConfigureTestServices(services);
            }
        }
    }
}
