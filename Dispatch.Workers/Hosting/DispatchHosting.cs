using Dispatch.Workers.Access;
using Dispatch.Workers.Cases;
using Dispatch.Workers.Catalogue;
using Dispatch.Workers.Knowledge;
using Dispatch.Workers.Outbox;
using Dispatch.Workers.Routing;
using Dispatch.Workers.Storage;
using Dispatch.Workers.Storage.PostgreSql;
using Dispatch.Workers.Storage.SqlServer;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dispatch.Workers.Hosting;

/// <summary>Wiring shared by the Api and the Workers: storage, the bus and the outbox relay, health.</summary>
public static partial class DispatchHosting
{
    public const string ReadyTag = "ready";

    public static IHostApplicationBuilder AddDispatchStorage(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<DatabaseOptions>()
            .BindConfiguration(DatabaseOptions.Section)
            .Configure<IConfiguration>((o, configuration) => o.ConnectionString = configuration.GetConnectionString("Dispatch") ?? o.ConnectionString)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<HotlineOptions>().BindConfiguration(HotlineOptions.Section).ValidateDataAnnotations()
            .Validate(o => TryFindZone(o.TimeZoneId), "Hotline:TimeZoneId must be an IANA time zone id known to this machine.")
            .ValidateOnStart();
        services.AddOptions<CatalogueOptions>().BindConfiguration(CatalogueOptions.Section).ValidateOnStart();
        services.AddOptions<RoutingOptions>().BindConfiguration(RoutingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<Deadlines.DeadlineOptions>().BindConfiguration(Deadlines.DeadlineOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<LifecycleOptions>().BindConfiguration(LifecycleOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<Reports.ReportOptions>().BindConfiguration(Reports.ReportOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<MetricsOptions>().BindConfiguration(MetricsOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<MetricsOptions>, MetricsOptionsValidation>();
        services.AddOptions<Audit.AuditOptions>().BindConfiguration(Audit.AuditOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<Audit.AuditOptions>, Audit.AuditOptionsValidation>();
        services.AddSingleton(sp => Audit.AuditKeyRing.From(sp.GetRequiredService<IOptions<Audit.AuditOptions>>().Value,
            sp.GetRequiredService<IHostEnvironment>().IsDevelopment()).Ring!);

        services.AddSingleton<ISqlDialect>(sp => sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.Provider switch
        {
            DatabaseProvider.SqlServer => new SqlServerDialect(),
            _ => new PostgreSqlDialect(),
        });
        services.AddSingleton<Database>();
        services.AddSingleton<SchemaMigrator>();
        services.AddSingleton<DemoSeed>();
        services.AddSingleton<CatalogueStore>();
        services.AddSingleton<RoutingRuleStore>();
        services.AddSingleton<CaseNumberAllocator>();
        services.AddSingleton<CaseFiling>();
        services.AddSingleton<CaseWork>();
        services.AddSingleton<CaseQueries>();
        services.AddSingleton<Administration.AdminChanges>();
        services.AddSingleton<Audit.AuditVerifier>();
        services.AddSingleton<UserDirectory>();
        services.AddSingleton<Passwords>();
        services.AddSingleton<Deadlines.DeadlineRulesStore>();
        services.AddSingleton<Deadlines.DeadlineExplanationStore>();
        services.AddSingleton<Reports.ReportStore>();
        services.AddSingleton<Reports.KnowledgeUseStore>();
        services.AddSingleton<Reports.GridReportStore>();
        services.AddSingleton<Grid.PatrolReporting>();
        services.AddSingleton<Grid.PatrolReportQueries>();
        services.AddSingleton<PrometheusText>();
        builder.AddKnowledgeStorage();
        services.AddHostedService<DispatchMetricsSampler>();

        // Structured logs: one JSON object per line with the scopes (the case number where there is one), except on a
        // developer's machine, where the plain console is easier to read.
        if (!builder.Environment.IsDevelopment())
        {
            builder.Logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }

        // Registered before anything that touches the database, so hosted services start on a current schema.
        services.AddHostedService<DatabaseStartup>();
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: [ReadyTag]);
        return builder;
    }

    /// <summary>MassTransit on RabbitMQ (quorum queues, kebab-case endpoints), and this process's outbox publisher and relay.</summary>
    public static IHostApplicationBuilder AddDispatchBus(this IHostApplicationBuilder builder,
        Action<IBusRegistrationConfigurator>? addConsumers = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<RabbitMqOptions>().BindConfiguration(RabbitMqOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<OutboxOptions>().BindConfiguration(OutboxOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<MassTransitHostOptions>().Configure(o =>
        {
            // Start even while the broker is down: the outbox keeps what is accepted until it is back.
            o.WaitUntilStarted = false;
            o.StopTimeout = TimeSpan.FromSeconds(30);
        });

        services.AddMassTransit(x =>
        {
            x.SetKebabCaseEndpointNameFormatter();
            addConsumers?.Invoke(x);
            x.AddConfigureEndpointsCallback((context, _, endpoint) =>
            {
                var rabbit = context.GetRequiredService<IOptions<RabbitMqOptions>>().Value;
                if (endpoint is IRabbitMqReceiveEndpointConfigurator queue)
                {
                    if (rabbit.QuorumQueues)
                    {
                        queue.SetQuorumQueue();
                    }

                    queue.PrefetchCount = rabbit.PrefetchCount;
                }
            });
            x.UsingRabbitMq((context, cfg) =>
            {
                var rabbit = context.GetRequiredService<IOptions<RabbitMqOptions>>().Value;
                var nodes = rabbit.Nodes;
                cfg.Host(nodes[0].Host, (ushort)nodes[0].Port, rabbit.VirtualHost, h =>
                {
                    h.Username(rabbit.Username);
                    h.Password(rabbit.Password);
                    if (nodes.Count > 1)
                    {
                        // A cluster: connect to the first node that answers, in the order given, and to the next one when it goes.
                        h.UseCluster(c =>
                        {
                            foreach (var (host, port) in nodes)
                            {
                                c.Node($"{host}:{port}");
                            }
                        });
                    }
                });
                cfg.ConfigureEndpoints(context);
            });
        });

        services.AddSingleton<ConfirmedPublisher>();
        services.AddSingleton<OutboxRelay>();
        if (builder.Configuration.GetValue(OutboxOptions.Section + ":" + nameof(OutboxOptions.RelayEnabled), true))
        {
            // What this process commits it publishes at once (Database hands it over); the relay sends what any process left.
            services.AddSingleton<OutboxHandOff>();
            services.AddSingleton<IAfterCommit>(sp => sp.GetRequiredService<OutboxHandOff>());
            services.AddHostedService<OutboxPublisher>();
            services.AddHostedService(sp => sp.GetRequiredService<OutboxRelay>());
        }

        return builder;
    }

    /// <summary>
    /// /health/live: the process runs. /health/ready: the database answers, and with <paramref name="needsBroker"/> the
    /// broker too. The Api does not need the broker to be ready (intake goes to the outbox); the Workers do.
    /// A degraded check (e.g. a bus reconnecting) is not ready: 503.
    /// </summary>
    public static IEndpointRouteBuilder MapDispatchHealth(this IEndpointRouteBuilder endpoints, bool needsBroker)
    {
        endpoints.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        endpoints.MapGet("/metrics", (HttpContext http, PrometheusText metrics, IOptions<MetricsOptions> options) =>
            {
                if (options.Value.Admits(http.Request.Headers.Authorization))
                {
                    return Results.Text(metrics.Render(), "text/plain; version=0.0.4; charset=utf-8");
                }

                http.Response.Headers.WWWAuthenticate = "Bearer realm=\"metrics\"";
                return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "A scrape token is required",
                    detail: "Send the Metrics:ScrapeToken this host was given as a bearer token in the Authorization header.");
            })
            .ExcludeFromDescription();
        endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = c => c.Tags.Contains(ReadyTag) && (needsBroker || !c.Tags.Contains("masstransit")),
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status503ServiceUnavailable,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
        });
        return endpoints;
    }

    /// <summary>Applies migrations (and the demo seed, where configured) and exits: the explicit form of what hosts do on start.</summary>
    public static async Task<int> RunMigrationsAsync(this IHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var options = host.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        await DatabaseStartup.MigrateAsync(host.Services, options.SeedDemoData, CancellationToken.None);
        return 0;
    }

    /// <summary>
    /// Issues a fresh token for every demo user (label "demo", revoking the previous demo tokens) and prints
    /// them tab-separated: username, role, department, token. For local runs only. <paramref name="output"/> gets the rows and
    /// nothing else (it is the tokens file); what the command logs goes to the log, which a command writes to standard error.
    /// </summary>
    public static async Task<int> IssueDemoTokensAsync(this IHost host, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(output);
        var directory = host.Services.GetRequiredService<UserDirectory>();
        var users = DemoSeed.Load().Users;
        foreach (var user in users)
        {
            await directory.RevokeTokensAsync(user.Username, "demo", CancellationToken.None);
            var token = await directory.IssueTokenAsync(user.Username, "demo", null, CancellationToken.None);
            await output.WriteLineAsync($"{user.Username}\t{user.Role}\t{user.Department ?? "-"}\t{token}");
        }

        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DispatchHosting));
        LogDemoTokensIssued(logger, users.Count);
        return 0;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Issued {Count} demo users' tokens (label demo); their earlier demo tokens are revoked")]
    private static partial void LogDemoTokensIssued(ILogger logger, int count);

    /// <summary>
    /// Gives every demo user a new random password (ending their sessions) and prints them tab-separated: username, role, department,
    /// password. For local runs only: a new set at every start, never kept in the repo.
    /// </summary>
    public static async Task<int> SetDemoPasswordsAsync(this IHost host, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(output);
        var passwords = host.Services.GetRequiredService<Passwords>();
        foreach (var user in DemoSeed.Load().Users)
        {
            var password = Passwords.NewDemoPassword();
            await passwords.SetDemoAsync(user.Username, password, CancellationToken.None);
            await output.WriteLineAsync($"{user.Username}\t{user.Role}\t{user.Department ?? "-"}\t{password}");
        }

        return 0;
    }

    private static bool TryFindZone(string id)
    {
        try
        {
            _ = TimeZoneInfo.FindSystemTimeZoneById(id);
            return true;
        }
        catch (TimeZoneNotFoundException)
        {
            return false;
        }
    }
}
