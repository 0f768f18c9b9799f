using Dispatch.Tests.Support;
using Dispatch.Workers.Knowledge;
using Dispatch.Workers.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Dispatch.Tests.Integration.Knowledge;

/// <summary>The search log's background writer: what was handed over before a clean shutdown is written, all of it.</summary>
[Category("Integration")]
public sealed class KnowledgeSearchLogSpecs
{
    [Test]
    public async Task A_clean_shutdown_writes_every_search_handed_over_before_it()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.PostgreSql);
        var log = new KnowledgeSearchLog(db.Database, TimeProvider.System, Options.Create(new KnowledgeOptions()), NullLogger<KnowledgeSearchLog>.Instance);
        await log.StartAsync(CancellationToken.None);

        for (var i = 0; i < 2_500; i++)
        {
            log.Record(new SearchRecord(DateTimeOffset.UtcNow, "agent", $"停水{i}", null, i % 2 == 0 ? "DM-S01" : null, i % 3));
        }

        await log.StopAsync(CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That(await db.ScalarAsync<long>("select count(*) from knowledge_searches"), Is.EqualTo(2_500));
            Assert.That(await db.ScalarAsync<long>("select count(distinct query) from knowledge_searches"), Is.EqualTo(2_500));
            Assert.That(log.Dropped, Is.Zero);
        });
    }
}
