using Dispatch.Workers.Catalogue;
using Dispatch.Workers.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Dispatch.Workers.Hosting;

internal sealed class DatabaseStartup(IServiceProvider services, IOptions<DatabaseOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) =>
        options.Value.MigrateOnStart ? MigrateAsync(services, options.Value.SeedDemoData, cancellationToken) : Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    internal static async Task MigrateAsync(IServiceProvider services, bool seed, CancellationToken cancellationToken)
    {
        var migrator = services.GetRequiredService<SchemaMigrator>();
        var demo = services.GetRequiredService<DemoSeed>();
        var knowledge = services.GetRequiredService<Knowledge.KnowledgeSeed>();
        // The knowledge base's seed after the district's: its entries name the district's departments, categories and areas.
        await migrator.MigrateAsync(seed
            ? async ct =>
            {
                await demo.ApplyAsync(ct);
                await knowledge.ApplyAsync(ct);
            }
            : null, cancellationToken);
    }
}
