using Dapper;
using Dispatch.Tests.Support;
using Dispatch.Workers.Catalogue;
using Dispatch.Workers.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dispatch.Tests.Integration.Storage;

/// <summary>
/// Migration 0015 corrects 改派量 for the cases before it: every re-dispatch used to count, one back to the department that returned
/// the case too. A case was sent to another department exactly when a department that returned it is not the one leading it now.
/// </summary>
[Category("Integration")]
[TestFixture(DatabaseProvider.PostgreSql)]
[TestFixture(DatabaseProvider.SqlServer)]
public sealed class RedispatchCountMigrationSpecs(DatabaseProvider provider)
{
    [Test]
    public async Task Upgrading_past_0015_keeps_a_re_dispatch_count_only_where_the_case_went_to_another_department()
    {
        if (TestDatabase.AdminConnectionString(provider) is null)
        {
            Assert.Ignore($"{provider} storage specs skipped: set DISPATCH_TEST_SQLSERVER to run them. No SQL Server can run on this machine.");
        }

        // A database as release 0013 left it: cases re-dispatched (each after a return, recorded in case_returns) as below.
        await using var old = await TestDatabase.CreateAsync(provider, migrateAndSeed: false);
        await old.MigrateUpToAsync(13);
        await new DemoSeed(old.Database, TimeProvider.System, NullLogger<DemoSeed>.Instance).ApplyAsync(
            // That release's seed: a grid station names its grid, a column of migration 0019.
            DemoSeed.Load().WithoutGridStations(), CancellationToken.None);
        var cases = new (string Number, string Lead, string[] ReturnedBy, int Returns, int Redispatches)[]
        {
            ("2610120000010", "UM", ["UM"], 1, 1),                 // back to UM, which returned it
            ("2610120000028", "HOUSING", ["UM"], 1, 1),            // from UM to HOUSING
            ("2610120000036", "UM", ["UM", "HOUSING"], 2, 2),      // UM to HOUSING and back to UM
            ("2610120000044", "UM", ["UM", "UM"], 2, 2),           // twice back to UM
            ("2610120000051", "UM", [], 1, 1),                      // returned before returns were recorded (0007): left as it was
        };
        await using (var connection = await old.Database.OpenAsync(CancellationToken.None))
        {
            foreach (var c in cases)
            {
                var id = Guid.NewGuid();
                var now = DateTimeOffset.UtcNow;
                await connection.ExecuteAsync("""
                    insert into cases (id, number, status, version, request_type, category_code, channel, urgency, caller_confidential, district_code,
                                       title, content, filed_by, filed_at, updated_at, lead_department_code, return_count, redispatch_count)
                    values (@Id, @Number, 'dispatched', 5, 'complaint', '010201', 'phone', 'normal', @No, 'DM', '噪声', '内容', 'agent:agent1', @Now, @Now,
                            @Lead, @Returns, @Redispatches)
                    """, new { Id = id, c.Number, No = false, Now = now, c.Lead, c.Returns, c.Redispatches });
                foreach (var department in c.ReturnedBy)
                {
                    await connection.ExecuteAsync("""
                        insert into case_returns (case_id, department_code, in_time, returned_at) values (@Id, @Department, @InTime, @Now)
                        """, new { Id = id, Department = department, InTime = true, Now = now });
                }
            }
        }

        await new SchemaMigrator(old.Database, TestAuditKeys.Ring, TimeProvider.System, NullLogger<SchemaMigrator>.Instance)
            .MigrateAsync(null, CancellationToken.None);
        var counts = (await old.QueryAsync<(string Number, int Count)>("select number, redispatch_count from cases order by number")).ToList();

        Assert.That(counts, Is.EqualTo(new[]
        {
            ("2610120000010", 0), ("2610120000028", 1), ("2610120000036", 2), ("2610120000044", 0), ("2610120000051", 1),
        }));
    }
}
