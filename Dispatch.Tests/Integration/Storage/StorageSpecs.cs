using Dapper;
using Dispatch.Contracts;
using Dispatch.Tests.Support;
using Dispatch.Workers.Administration;
using Dispatch.Workers.Audit;
using Dispatch.Workers.Cases;
using Dispatch.Workers.Catalogue;
using Dispatch.Workers.Deadlines;
using Dispatch.Workers.Messaging;
using Dispatch.Workers.Routing;
using Dispatch.Workers.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Dispatch.Tests.Integration.Storage;

/// <summary>
/// The same storage specs for every SQL dialect: always on PostgreSQL; on SQL Server when
/// DISPATCH_TEST_SQLSERVER gives a connection string (no SQL Server can run on the development machines).
/// </summary>
[Category("Integration")]
[TestFixture(DatabaseProvider.PostgreSql)]
[TestFixture(DatabaseProvider.SqlServer)]
public sealed class StorageSpecs(DatabaseProvider provider)
{
    private TestDatabase _db = null!;

    [OneTimeSetUp]
    public async Task CreateDatabase()
    {
        if (TestDatabase.AdminConnectionString(provider) is null)
        {
            Assert.Ignore($"{provider} storage specs skipped: set DISPATCH_TEST_SQLSERVER to a SQL Server connection string " +
                          "(a login that may create databases) to run them. No SQL Server can run on this machine.");
        }

        _db = await TestDatabase.CreateAsync(provider);
    }

    [OneTimeTearDown]
    public async Task DropDatabase()
    {
        if (_db is not null)
        {
            await _db.DisposeAsync();
        }
    }

    private CaseFiling Filing() => new(_db.Database, Allocator(), TimeProvider.System, TestAuditKeys.Ring);

    private CaseQueries Queries() => new(_db.Database, TimeProvider.System, TestAuditKeys.Ring);

    private DeadlineRulesStore Deadlines() => new(_db.Database, TimeProvider.System, Options.Create(new DeadlineOptions()));

    private CaseNumberAllocator Allocator(int blockSize = 20) =>
        new(_db.Database, TimeProvider.System, Options.Create(new HotlineOptions { CaseNumberBlockSize = blockSize }));

    private static NewCase Draft(string content = "晚上11点后工地仍在打桩") => new("complaint", "010201", "phone", "normal",
        new Caller("张三", "13800138000", false),
        new CaseLocation("DM", "DM-S02", "DM-S02-C01", null, "翠苑一区5幢", 30.28, 120.13),
        "夜间施工噪声", content, "agent:test");

    [Test]
    public async Task Migrations_are_recorded_and_applying_them_again_changes_nothing()
    {
        var versions = await _db.QueryAsync<int>("select version from schema_versions order by version");
        var embedded = SchemaMigrator.Embedded(_db.Dialect).Select(m => m.Version);

        var again = await new SchemaMigrator(_db.Database, TestAuditKeys.Ring, TimeProvider.System, NullLogger<SchemaMigrator>.Instance).MigrateAsync(null, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(versions, Is.EqualTo(embedded));
            Assert.That(again, Is.Empty);
        });
    }

    [Test]
    public async Task Two_processes_migrating_a_new_database_at_once_apply_each_script_once()
    {
        await using var fresh = await TestDatabase.CreateAsync(provider, migrateAndSeed: false);
        var migrators = Enumerable.Range(0, 3).Select(_ => new SchemaMigrator(
            TestDatabase.Connect(fresh.Dialect, fresh.ConnectionString), TestAuditKeys.Ring, TimeProvider.System, NullLogger<SchemaMigrator>.Instance));

        var applied = await Task.WhenAll(migrators.Select(m => m.MigrateAsync(null, CancellationToken.None)));

        Assert.Multiple(() =>
        {
            Assert.That(applied.Sum(a => a.Count), Is.EqualTo(SchemaMigrator.Embedded(fresh.Dialect).Count));
            Assert.That(applied.Count(a => a.Count > 0), Is.EqualTo(1), "one migrator did the work, the others found it done");
        });
    }

    [Test]
    public async Task Upgrading_past_0009_deletes_the_outbox_rows_earlier_relays_marked_sent_and_drops_the_unsent_index()
    {
        // A database as release 0008 left it: the partial index, a sent row an earlier relay marked, an unsent row, a set-aside row.
        await using var old = await TestDatabase.CreateAsync(provider, migrateAndSeed: false);
        await old.MigrateAsync(seed: false);
        const string insert = """
            insert into outbox (message_id, message_type, payload, created_at, sent_at, last_error)
            values (@MessageId, 'Dispatch.Contracts.CaseFiled', '{}', @CreatedAt, @SentAt, @LastError)
            """;
        var now = DateTimeOffset.UtcNow;
        var (sent, unsent, setAside) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await using (var connection = await old.Database.OpenAsync(CancellationToken.None))
        {
            await connection.ExecuteAsync("create index ix_outbox_unsent on outbox (id) where sent_at is null");
            await connection.ExecuteAsync("delete from schema_versions where version = 9");
            await connection.ExecuteAsync(insert, new { MessageId = sent, CreatedAt = now, SentAt = (DateTimeOffset?)now, LastError = (string?)null });
            await connection.ExecuteAsync(insert, new { MessageId = unsent, CreatedAt = now, SentAt = (DateTimeOffset?)null, LastError = (string?)null });
            await connection.ExecuteAsync(insert, new { MessageId = setAside, CreatedAt = now, SentAt = (DateTimeOffset?)null, LastError = "poison" });
        }

        var applied = await new SchemaMigrator(old.Database, TestAuditKeys.Ring, TimeProvider.System, NullLogger<SchemaMigrator>.Instance).MigrateAsync(null, CancellationToken.None);

        var left = await old.QueryAsync<Guid>("select message_id from outbox");
        var index = await old.ScalarAsync<int>(provider == DatabaseProvider.PostgreSql
            ? "select count(*) from pg_indexes where indexname = 'ix_outbox_unsent'"
            : "select count(*) from sys.indexes where name = 'ix_outbox_unsent'");
        Assert.Multiple(() =>
        {
            Assert.That(applied.Select(m => m.Version), Is.EqualTo(new[] { 9 }));
            Assert.That(left, Is.EquivalentTo(new[] { unsent, setAside }), "only what was sent goes");
            Assert.That(index, Is.Zero);
        });
    }

    [Test]
    public async Task Upgrading_past_0010_seals_the_earlier_records_once_and_leaves_a_trail_that_no_longer_held_unsealed()
    {
        // A database as release 0009 left it: a case whose unkeyed chain holds, one from before any chain (no hashes), one whose
        // unkeyed chain was tampered with, and two administrative changes.
        await using var old = await TestDatabase.CreateAsync(provider, migrateAndSeed: false);
        await old.MigrateUpToAsync(9);
        await new DemoSeed(old.Database, TimeProvider.System, NullLogger<DemoSeed>.Instance).ApplyAsync(
            // That release's seed: a grid station names its grid, a column of migration 0019.
            DemoSeed.Load().WithoutGridStations(), CancellationToken.None);
        var (holds, unchained, tampered) = ("2611010000011", "2611010000029", "2611010000037");
        await using (var connection = await old.Database.OpenAsync(CancellationToken.None))
        {
            foreach (var (number, chained, tamper) in new[] { (holds, true, false), (unchained, false, false), (tampered, true, true) })
            {
                var id = Guid.NewGuid();
                var now = AuditChain.Truncate(DateTimeOffset.UtcNow);
                var first = new AuditEntry(1, "file", null, "filed", "agent:agent1", null, null, null, null, now);
                var second = new AuditEntry(2, "close-directly", "filed", "closed", "agent:agent1", "答复", null, null, null, now);
                var h1 = chained ? AuditSealing.LegacyHash(null, id, first) : null;
                var h2 = chained ? AuditSealing.LegacyHash(h1, id, second) : null;
                await connection.ExecuteAsync("""
                    insert into cases (id, number, status, version, request_type, category_code, channel, urgency, caller_confidential, district_code,
                                       title, content, filed_by, filed_at, updated_at, audit_hash)
                    values (@Id, @Number, 'closed', 2, 'consultation', '010201', 'phone', 'normal', @No, 'DM', '咨询', '内容', 'agent:agent1', @Now, @Now, @H2)
                    """, new { Id = id, Number = number, No = false, Now = now, H2 = h2 });
                await connection.ExecuteAsync("""
                    insert into case_audit (case_id, seq, action, from_state, to_state, actor, reason, occurred_at, hash)
                    values (@Id, @Seq, @Action, @From, @To, @Actor, @Reason, @Now, @Hash)
                    """, new[] { (first, h1), (second, h2) }.Select(r => new
                    {
                        Id = id, r.Item1.Seq, r.Item1.Action, From = r.Item1.FromState, To = r.Item1.ToState, r.Item1.Actor,
                        Reason = tamper && r.Item1.Seq == 2 ? "改过的答复" : r.Item1.Reason, Now = now, Hash = r.Item2,
                    }));
            }

            await connection.ExecuteAsync("""
                insert into admin_changes (entity, entity_key, version, operation, change, changed_by, changed_at)
                values ('department', 'UM', 2, 'edit', '{}', 'admin:admin1', @Now), ('user', 'agent9', 1, 'create', '{}', 'admin:admin1', @Now)
                """, new { Now = DateTimeOffset.UtcNow });
        }

        var migrator = new SchemaMigrator(old.Database, TestAuditKeys.Ring, TimeProvider.System, NullLogger<SchemaMigrator>.Instance);
        await migrator.MigrateAsync(null, CancellationToken.None);
        var record = new AdminChanges(old.Database, TestAuditKeys.Ring);
        var report = await new AuditVerifier(old.Database, TestAuditKeys.Ring, record, TimeProvider.System).VerifyAllAsync(null, null, 10, CancellationToken.None);
        var sealing = (await record.ListAsync(AdminChanges.AuditRecord, null, 1, 10, CancellationToken.None)).Single();
        await migrator.MigrateAsync(null, CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That((report.CasesChecked, report.CasesIntact), Is.EqualTo((3L, 2L)));
            Assert.That(report.FirstBroken, Is.EqualTo(new[] { new BrokenTrail(tampered, 1, "Row 1 carries no seal.") }), "left unsealed, so still reported");
            Assert.That(report.AdminRecord, Is.EqualTo(AuditVerdict.Holds));
            Assert.That(sealing.Seq, Is.EqualTo(3), "the two earlier changes, then the sealing");
            Assert.That(sealing.Change, Does.Contain("\"casesSealed\":2").And.Contain("\"casesLeftUnsealed\":1").And.Contain(tampered));
            Assert.That(await old.ScalarAsync<int>("select count(*) from admin_changes"), Is.EqualTo(3), "sealed once: migrating again adds nothing");
        });
    }

    [Test]
    public async Task Seeding_again_inserts_nothing_and_keeps_what_an_administrator_changed()
    {
        await using var connection = await _db.Database.OpenAsync(CancellationToken.None);
        await connection.ExecuteAsync("update departments set name = @Name where code = 'UM'", new { Name = "城市管理局（已改名）" });

        var inserted = await new DemoSeed(_db.Database, TimeProvider.System, NullLogger<DemoSeed>.Instance).ApplyAsync(CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That(inserted, Is.Zero);
            Assert.That(await _db.ScalarAsync<string>("select name from departments where code = 'UM'"), Is.EqualTo("城市管理局（已改名）"));
        });
    }

    [Test]
    public async Task Filing_writes_the_case_its_audit_row_and_its_outbox_message_together_and_text_round_trips_exactly()
    {
        var text = "<script>alert('x')</script> '; drop table cases; -- 🚧 噪声\r\n第二行\t制表";

        var created = (FileOutcome.Created)await Filing().FileAsync(Draft(text), null, CancellationToken.None);
        var read = await Queries().FindByNumberAsync(created.Case.Number, CancellationToken.None);
        var history = await Queries().HistoryAsync(created.Case.Number, CancellationToken.None);
        var outbox = await _db.QueryAsync<string>("select message_type from outbox where case_id = @Id", new { created.Case.Id });

        Assert.Multiple(() =>
        {
            Assert.That(read, Is.Not.Null);
            Assert.That(read!.Content, Is.EqualTo(text));
            Assert.That(read.Status, Is.EqualTo(CaseState.Filed));
            Assert.That(read.Version, Is.EqualTo(1));
            Assert.That(read.Location, Is.EqualTo(created.Case.Location));
            Assert.That(read.Caller, Is.EqualTo(created.Case.Caller));
            Assert.That(read.FiledAt, Is.EqualTo(created.Case.FiledAt).Within(TimeSpan.FromMilliseconds(1)));
            Assert.That(history!.Select(h => (h.Seq, h.Action, h.FromState, h.ToState)),
                Is.EqualTo(new[] { (1, "file", (string?)null, "filed") }));
            Assert.That(outbox, Is.EqualTo(new[] { typeof(CaseFiled).FullName }));
        });
    }

    [Test]
    public async Task An_idempotency_key_replays_the_first_case_and_refuses_a_different_request()
    {
        var claim = new IdempotencyClaim($"key-{Guid.NewGuid()}", "hash-a");

        var first = (FileOutcome.Created)await Filing().FileAsync(Draft(), claim, CancellationToken.None);
        var again = await Filing().FileAsync(Draft(), claim, CancellationToken.None);
        var different = await Filing().FileAsync(Draft("something else"), claim with { RequestHash = "hash-b" }, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(again, Is.TypeOf<FileOutcome.Replayed>());
            Assert.That(((FileOutcome.Replayed)again).Case.Number, Is.EqualTo(first.Case.Number));
            Assert.That(different, Is.TypeOf<FileOutcome.KeyReused>());
        });
    }

    [Test]
    public async Task The_same_idempotency_key_sent_ten_times_at_once_creates_one_case()
    {
        var claim = new IdempotencyClaim($"key-{Guid.NewGuid()}", "hash");
        var before = await _db.ScalarAsync<long>("select count(*) from cases");

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Filing().FileAsync(Draft(), claim, CancellationToken.None)));

        var numbers = outcomes.Select(o => o switch
        {
            FileOutcome.Created c => c.Case.Number,
            FileOutcome.Replayed r => r.Case.Number,
            _ => "?",
        }).Distinct();
        Assert.Multiple(async () =>
        {
            Assert.That(outcomes.OfType<FileOutcome.Created>().Count(), Is.EqualTo(1));
            Assert.That(numbers.Count(), Is.EqualTo(1));
            Assert.That(await _db.ScalarAsync<long>("select count(*) from cases"), Is.EqualTo(before + 1));
        });
    }

    [Test]
    public async Task Case_numbers_from_several_processes_at_once_are_unique_and_well_formed()
    {
        var processes = Enumerable.Range(0, 3).Select(_ => Allocator(blockSize: 7)).ToList();

        var numbers = await Task.WhenAll(processes.SelectMany(p => Enumerable.Range(0, 100).Select(_ => p.NextAsync(CancellationToken.None))));

        Assert.Multiple(() =>
        {
            Assert.That(numbers.Distinct().Count(), Is.EqualTo(numbers.Length));
            Assert.That(numbers.All(CaseNumber.IsWellFormed), Is.True);
        });
    }

    private sealed class Handed : IAfterCommit
    {
        public List<object> Items { get; } = [];

        public void Committed(IReadOnlyList<object> items) => Items.AddRange(items);
    }

    [Test]
    public async Task Only_a_committed_unit_of_work_hands_on_what_its_sent_batches_carried_and_only_once()
    {
        var handed = new Handed();
        var database = new Database(_db.Dialect, Options.Create(new DatabaseOptions { ConnectionString = _db.ConnectionString }), handed);
        var attempts = 0;
        async Task<bool> Write(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction t, string what, bool send)
        {
            var batch = new SqlBatch().Add("update case_number_blocks set last_sequence = last_sequence where 1 = 0").AfterCommit(what);
            if (send)
            {
                await batch.ExecuteAsync(c, t, CancellationToken.None);
            }

            return true;
        }

        await database.InTransactionAsync((c, t, _) => Write(c, t, "committed", send: true), CancellationToken.None);
        await database.InTransactionAsync((c, t, _) => Write(c, t, "refused", send: true), CancellationToken.None, commitWhen: _ => false);
        await database.InTransactionAsync((c, t, _) => Write(c, t, "never sent", send: false), CancellationToken.None);
        // A first attempt that fails transiently after sending its batch hands nothing on; the attempt that commits does (a
        // PostgreSQL deadlock is easy to fake; SqlClient's exceptions cannot be built).
        var transient = provider == DatabaseProvider.PostgreSql;
        await database.InTransactionAsync(async (c, t, _) =>
        {
            await Write(c, t, attempts == 0 && transient ? "rolled back" : "retried", send: true);
            if (attempts++ == 0 && transient)
            {
                throw new Npgsql.PostgresException("deadlock detected", "ERROR", "ERROR", Npgsql.PostgresErrorCodes.DeadlockDetected);
            }

            return true;
        }, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(handed.Items, Is.EqualTo(new object[] { "committed", "retried" }));
            Assert.That(attempts, Is.EqualTo(transient ? 2 : 1));
        });
    }

    [Test]
    public async Task Two_relays_claim_disjoint_outbox_batches()
    {
        for (var i = 0; i < 6; i++)
        {
            await Filing().FileAsync(Draft(), null, CancellationToken.None);
        }

        await using var first = await _db.Database.OpenAsync(CancellationToken.None);
        await using var second = await _db.Database.OpenAsync(CancellationToken.None);
        await using var t1 = await first.BeginTransactionAsync();
        await using var t2 = await second.BeginTransactionAsync();
        var a = await first.QueryAsync<long>(_db.Dialect.ClaimOutboxBatchSql, new { BatchSize = 3, UpTo = long.MaxValue }, t1);
        var b = await second.QueryAsync<long>(_db.Dialect.ClaimOutboxBatchSql, new { BatchSize = 3, UpTo = long.MaxValue }, t2);

        Assert.Multiple(() =>
        {
            Assert.That(a.Count(), Is.EqualTo(3));
            Assert.That(b.Count(), Is.EqualTo(3));
            Assert.That(a.Intersect(b), Is.Empty);
        });
    }

    [Test]
    public async Task On_PostgreSQL_the_relay_s_transaction_alone_commits_without_waiting_for_its_WAL_flush()
    {
        if (provider != DatabaseProvider.PostgreSql)
        {
            Assert.Ignore("SQL Server's relay commits durably (delayed durability is a database-wide choice).");
        }

        await using var connection = await _db.Database.OpenAsync(CancellationToken.None);
        string during;
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await connection.QueryAsync<long>(_db.Dialect.ClaimOutboxBatchSql, new { BatchSize = 1, UpTo = long.MaxValue }, transaction);
            during = await connection.ExecuteScalarAsync<string>("select current_setting('synchronous_commit')", transaction: transaction) ?? "";
            await transaction.CommitAsync();
        }

        var after = await connection.ExecuteScalarAsync<string>("select current_setting('synchronous_commit')");

        Assert.That((during, after), Is.EqualTo(("off", "on")), "set for the relay's transaction only; the pooled session keeps nothing");
    }

    [Test]
    public async Task A_claimed_batch_the_broker_confirmed_is_deleted_from_the_outbox()
    {
        await Filing().FileAsync(Draft(), null, CancellationToken.None);
        await Filing().FileAsync(Draft(), null, CancellationToken.None);

        var (claimed, deleted) = await _db.Database.InTransactionAsync(async (c, t, ct) =>
        {
            var ids = (await c.QueryAsync<long>(_db.Dialect.ClaimOutboxBatchSql, new { BatchSize = 1000, UpTo = long.MaxValue }, t)).ToArray();
            return (ids, await c.ExecuteAsync(_db.Dialect.DeleteSentOutboxSql, new { Ids = ids }, t));
        }, CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That(claimed, Has.Length.GreaterThanOrEqualTo(2));
            Assert.That(deleted, Is.EqualTo(claimed.Length));
            Assert.That(await _db.ScalarAsync<long>($"select count(*) from outbox where {_db.Dialect.InList("id", "Ids")}", new { Ids = claimed }), Is.Zero);
        });
    }

    [Test]
    public async Task Housekeeping_deletes_bookkeeping_rows_past_their_windows_and_nothing_else()
    {
        // A database of its own: the other specs' rows stay out of the counts, and theirs out of its deletes.
        await using var db = await TestDatabase.CreateAsync(provider);
        var now = DateTimeOffset.UtcNow;
        var days = (double d) => now.AddDays(-d);
        await using (var connection = await db.Database.OpenAsync(CancellationToken.None))
        {
            // Outbox rows are the relays' to delete, whatever their age: one never confirmed, one set aside.
            foreach (var lastError in new[] { null, "poison" })
            {
                await connection.ExecuteAsync("""
                    insert into outbox (message_id, message_type, payload, case_id, created_at, attempts, last_error)
                    values (@Id, 'probe', '{}', null, @Created, 1, @LastError)
                    """, new { Id = Guid.NewGuid(), Created = days(40), LastError = lastError });
            }

            // Five inbox records past their 30 days and three keys past their 7 (more than a batch of each), and one of each within.
            foreach (var inboxAt in new[] { days(31), days(31), days(32), days(40), days(400), days(1) })
            {
                await connection.ExecuteAsync("insert into inbox (message_id, consumer, processed_at) values (@Id, 'probe', @At)",
                    new { Id = Guid.NewGuid(), At = inboxAt });
            }

            foreach (var keyAt in new[] { days(8), days(9), days(30), days(1) })
            {
                await connection.ExecuteAsync("""
                    insert into idempotency_keys (operation, idempotency_key, request_hash, case_id, created_at)
                    values ('probe', @Key, 'hash', @CaseId, @At)
                    """, new { Key = Guid.NewGuid().ToString(), CaseId = Guid.NewGuid(), At = keyAt });
            }

            // Two knowledge searches past their 400 days and one within; one session expired over a day ago and one still on.
            foreach (var searchedAt in new[] { days(401), days(500), days(399) })
            {
                await connection.ExecuteAsync(
                    "insert into knowledge_searches (searched_at, role, query, results) values (@At, 'agent', '停水', 0)", new { At = searchedAt });
            }

            await connection.ExecuteAsync(
                "insert into users (username, display_name, role, created_at) values ('probe.agent', '试用', 'agent', @Now)",
                new { Now = now });
            foreach (var (hash, expiresAt) in new[] { ("expired", days(2)), ("current", now.AddHours(1)) })
            {
                await connection.ExecuteAsync("""
                    insert into user_sessions (session_hash, username, started_at, last_seen_at, expires_at)
                    values (@Hash, 'probe.agent', @Started, @Started, @ExpiresAt)
                    """, new { Hash = hash, Started = expiresAt.AddHours(-12), ExpiresAt = expiresAt });
            }
        }

        var housekeeping = new Housekeeping(db.Database, TimeProvider.System, Options.Create(new HousekeepingOptions { BatchSize = 2 }),
            NullLogger<Housekeeping>.Instance);
        var purged = await housekeeping.PurgeAsync(CancellationToken.None);
        var again = await housekeeping.PurgeAsync(CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That(purged, Is.EqualTo(new Housekeeping.Purged(5, 3, 2, 1)), "in batches of 2 until none is left");
            Assert.That(again, Is.EqualTo(new Housekeeping.Purged(0, 0, 0, 0)));
            Assert.That(await db.ScalarAsync<long>("select count(*) from knowledge_searches"), Is.EqualTo(1));
            Assert.That(await db.ScalarAsync<string>("select session_hash from user_sessions"), Is.EqualTo("current"));
            Assert.That(await db.ScalarAsync<long>("select count(*) from outbox"), Is.EqualTo(2), "the outbox is left alone");
            Assert.That(await db.ScalarAsync<long>("select count(*) from inbox where processed_at > @Since", new { Since = days(2) }), Is.EqualTo(1));
            Assert.That(await db.ScalarAsync<long>("select count(*) from idempotency_keys where created_at > @Since", new { Since = days(2) }), Is.EqualTo(1));
            Assert.That(await db.ScalarAsync<long>("select count(*) from inbox") + await db.ScalarAsync<long>("select count(*) from idempotency_keys"),
                Is.EqualTo(2));
        });
    }

    [Test]
    public async Task The_inbox_lets_a_message_through_once_per_consumer()
    {
        var messageId = Guid.NewGuid();
        // The inbox row leads a consumer's first read (ReceiveAsync); a case that does not exist still records the message.
        async Task<bool> Record(string consumer) => await _db.Database.InTransactionAsync(async (c, t, ct) =>
            await CaseReader.ReceiveAsync(c, t, _db.Dialect, messageId, consumer, Guid.NewGuid(), DateTimeOffset.UtcNow, ct) is not null,
            CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That(await Record("route-filed-case"), Is.True);
            Assert.That(await Record("route-filed-case"), Is.False);
            Assert.That(await Record("another-consumer"), Is.True);
        });
    }

    [Test]
    public async Task Receiving_a_message_records_it_once_and_reads_the_case_with_its_clocks()
    {
        var created = (FileOutcome.Created)await Filing().FileAsync(Draft(), null, CancellationToken.None);
        var messageId = Guid.NewGuid();
        Task<ReceivedCase?> Receive(Guid caseId) => _db.Database.InTransactionAsync((c, t, ct) =>
            CaseReader.ReceiveAsync(c, t, _db.Dialect, messageId, "route-filed-case", caseId, DateTimeOffset.UtcNow, ct), CancellationToken.None);

        var first = await Receive(created.Case.Id);
        var again = await Receive(created.Case.Id);
        await Dispatch(first!);
        var afterDispatch = await _db.Database.InTransactionAsync((c, t, ct) =>
            CaseReader.ReceiveAsync(c, t, _db.Dialect, Guid.NewGuid(), "route-filed-case", created.Case.Id, DateTimeOffset.UtcNow, ct), CancellationToken.None);
        var missing = await _db.Database.InTransactionAsync((c, t, ct) =>
            CaseReader.ReceiveAsync(c, t, _db.Dialect, Guid.NewGuid(), "route-filed-case", Guid.NewGuid(), DateTimeOffset.UtcNow, ct), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(first!.Case, Is.EqualTo(created.Case).Using<Case>((a, b) => a.Id == b.Id && a.Version == b.Version && a.AuditHash == b.AuditHash));
            Assert.That(first.Clocks, Is.Empty);
            Assert.That(again, Is.Null, "the same message a second time");
            Assert.That(afterDispatch!.Case!.AssistingDepartmentCodes, Is.EqualTo(new[] { "ENV" }));
            Assert.That(afterDispatch.Clocks.Select(c => c.Kind), Is.EqualTo(new[] { ClockKinds.SignOff, ClockKinds.Reply }));
            Assert.That(missing, Is.Not.Null);
            Assert.That(missing!.Case, Is.Null);
        });
    }

    [Test]
    public async Task A_received_case_stays_locked_until_its_transaction_ends()
    {
        var created = (FileOutcome.Created)await Filing().FileAsync(Draft(), null, CancellationToken.None);
        var probe = _db.Dialect.Provider == DatabaseProvider.PostgreSql
            ? "select 1 from cases where id = @Id for update nowait"
            : "select 1 from cases with (updlock, rowlock, nowait) where id = @Id";
        Task<int> TryLock() => _db.Database.InTransactionAsync((c, t, ct) =>
            c.ExecuteScalarAsync<int>(new CommandDefinition(probe, new { created.Case.Id }, t, cancellationToken: ct)), CancellationToken.None);

        Exception? whileReceived = null;
        await _db.Database.InTransactionAsync(async (c, t, ct) =>
        {
            await CaseReader.ReceiveAsync(c, t, _db.Dialect, Guid.NewGuid(), "route-filed-case", created.Case.Id, DateTimeOffset.UtcNow, ct);
            whileReceived = Assert.CatchAsync(TryLock);
            return 0;
        }, CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That(whileReceived, Is.Not.Null, "another transaction could lock the case while it was received");
            Assert.That(await TryLock(), Is.EqualTo(1), "the lock outlived the transaction");
        });
    }

    [Test]
    public async Task Dispatching_from_a_stale_read_fails_and_writes_nothing()
    {
        var created = (FileOutcome.Created)await Filing().FileAsync(Draft(), null, CancellationToken.None);
        var stale = new ReceivedCase(created.Case, []);
        await Dispatch(stale);

        // The writes travel in one batch under the lock ReceiveAsync takes; a caller that skipped it still cannot write twice:
        // the audit row's sequence number is taken.
        Assert.That(() => Dispatch(stale), Throws.InstanceOf<Exception>().With.Matches<Exception>(_db.Dialect.IsUniqueViolation));
        var audit = await _db.ScalarAsync<long>("select count(*) from case_audit where case_id = @Id", new { created.Case.Id });
        var read = await Queries().FindByNumberAsync(created.Case.Number, CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(audit, Is.EqualTo(2));
            Assert.That(read!.AssistingDepartmentCodes, Is.EqualTo(new[] { "ENV" }));
            Assert.That(read.Version, Is.EqualTo(2));
        });
    }

    [Test]
    public async Task A_clock_keeps_one_alarm_and_a_sweep_fires_it_and_writes_the_next_unless_the_clock_already_has_later_rows()
    {
        var created = (FileOutcome.Created)await Filing().FileAsync(Draft(), null, CancellationToken.None);
        await Dispatch(new ReceivedCase(created.Case, []));
        var id = created.Case.Id;
        async Task<(string, int, int)[]> Rows() => [.. await _db.QueryAsync<(string, int, int)>("""
            select clock_kind, threshold, case when fired_at is null then 0 else 1 end from case_alarms where case_id = @id order by clock_kind, threshold
            """, new { id })];
        var atDispatch = await Rows();
        // Both first warnings fall due; the reply clock also holds a later row, as an earlier version wrote every alarm at the start.
        await _db.ScalarAsync<int>("update case_alarms set due_at = @Past where case_id = @id; select 1", new { id, Past = DateTimeOffset.UtcNow.AddMinutes(-1) });
        await _db.ScalarAsync<int>("""
            insert into case_alarms (case_id, clock_kind, generation, kind, threshold, due_at) values (@id, 'reply', 1, 'warning', 80, @Later); select 1
            """, new { id, Later = DateTimeOffset.UtcNow.AddYears(1) });
        var options = Options.Create(new DeadlineOptions());
        var sweeper = new DeadlineSweeper(_db.Database, Deadlines(), TimeProvider.System, TestAuditKeys.Ring, options,
            NullLogger<DeadlineSweeper>.Instance);

        var fired = await sweeper.SweepOnceAsync(CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That(atDispatch, Is.EqualTo(new[] { ("reply", 50, 0), ("sign-off", 50, 0) }));
            Assert.That(fired, Is.GreaterThanOrEqualTo(2));
            Assert.That(await Rows(), Is.EqualTo(new[] { ("reply", 50, 1), ("reply", 80, 0), ("sign-off", 50, 1), ("sign-off", 80, 0) }),
                "the sign-off clock's next is written; the reply clock's later row stands alone");
            Assert.That(await _db.ScalarAsync<int>("select count(*) from case_audit where case_id = @id and action = 'deadline-warning'", new { id }), Is.EqualTo(2));
        });
    }

    /// <summary>Dispatches the case as received, as the router does: its change decided, then written under the lock the read took.</summary>
    private async Task<Case> Dispatch(ReceivedCase received)
    {
        var decision = new RoutingDecision("UM", ["ENV"], CaseRouter.ByRule, 6, 1, "test");
        var rules = await Deadlines().GetAsync(CancellationToken.None);
        return await _db.Database.InTransactionAsync(async (c, t, ct) =>
        {
            var change = ((ChangeOutcome.Changed)CaseChanges.Decide(received.Case!, new CaseRequest.ByRouter(decision, "test"),
                CaseClocks.Read(rules, received.Clocks), DateTimeOffset.UtcNow)).Change;
            var writes = new SqlBatch();
            var dispatched = await CaseChangeWriter.WriteAsync(c, t, writes, TestAuditKeys.Ring, change, CaseGuard.RowLocked, ct);
            await writes.ExecuteAsync(c, t, ct);
            return dispatched;
        }, CancellationToken.None);
    }

    /// <summary>Sends <paramref name="batch"/> in a transaction of its own, as the driver's batch or <paramref name="joined"/> into texts (a driver without batches).</summary>
    private Task<int> SendAsync(SqlBatch batch, bool joined) => _db.Database.InTransactionAsync(
        (c, t, ct) => joined ? batch.ExecuteJoinedAsync(c, t, ct) : batch.ExecuteAsync(c, t, ct), CancellationToken.None);

    private Task<int> CreateTableAsync(string ddl) => _db.Database.InTransactionAsync(
        (c, t, ct) => c.ExecuteAsync(new CommandDefinition(ddl, transaction: t, cancellationToken: ct)), CancellationToken.None);

    [TestCase(false, TestName = "A batch runs its statements in order, each with its own parameters, as the driver's batch")]
    [TestCase(true, TestName = "A batch runs its statements in order, each with its own parameters, joined into one text")]
    public async Task A_batch_runs_its_statements_in_order_each_with_its_own_parameters(bool joined)
    {
        var table = joined ? "batch_probe_joined" : "batch_probe";
        await CreateTableAsync($"create table {table} (id int not null primary key, name varchar(50) null, hits int not null)");
        var batch = new SqlBatch()
            .Add($"insert into {table} (id, name, hits) values (@Id, @Name, 0)", new { Id = 1, Name = "一" })
            .Add($"insert into {table} (id, name, hits) values (@Id, @Name, 0)", new { Id = 2, Name = (string?)null })
            .Add($"update {table} set name = @Name, hits = hits + @Hits where id = @Id;", new { Id = 2, Name = "二", Hits = 1 })
            .Add($"update {table} set hits = hits + @Hits where id in (@First, @Second)",
                new Dictionary<string, object> { ["Hits"] = 10, ["First"] = 1, ["Second"] = 2 });
        Assert.That(batch.Count, Is.EqualTo(4));

        var affected = await SendAsync(batch, joined);

        var rows = await _db.QueryAsync<(int Id, string Name, int Hits)>($"select id, name, hits from {table} order by id");
        Assert.Multiple(() =>
        {
            Assert.That(affected, Is.EqualTo(5));
            Assert.That(rows, Is.EqualTo(new[] { (1, "一", 10), (2, "二", 11) }));
            Assert.That(batch.Count, Is.Zero, "a batch forgets what it sent");
        });
    }

    [TestCase(false, TestName = "A batch larger than SQL Server's limit of 2,100 parameters runs whole, as the driver's batch")]
    [TestCase(true, TestName = "A batch larger than SQL Server's limit of 2,100 parameters runs whole, joined into texts")]
    public async Task A_batch_larger_than_SQL_Server_s_limit_of_2100_parameters_runs_whole(bool joined)
    {
        var table = joined ? "batch_wide_joined" : "batch_wide";
        await CreateTableAsync($"create table {table} (id int not null primary key, a int not null, b int not null)");
        var batch = new SqlBatch();
        for (var id = 1; id <= 1_500; id++)
        {
            batch.Add($"insert into {table} (id, a, b) values (@Id, @A, @B)", new { Id = id, A = id, B = -id });
        }

        var affected = await SendAsync(batch, joined);

        Assert.Multiple(async () =>
        {
            Assert.That(affected, Is.EqualTo(1_500));
            Assert.That(await _db.ScalarAsync<long>($"select sum(a + b) + count(*) from {table}"), Is.EqualTo(1_500));
        });
    }

    [TestCase(false, TestName = "A batch counts a list's elements against SQL Server's limit of 2,100 parameters, as the driver's batch")]
    [TestCase(true, TestName = "A batch counts a list's elements against SQL Server's limit of 2,100 parameters, joined into texts")]
    public async Task A_batch_counts_a_list_s_elements_against_SQL_Server_s_limit(bool joined)
    {
        // 1,400 parameters of inserts, then a list of 1,500: counted as one parameter, the list would ride in the inserts' text
        // and SQL Server would refuse its 2,900. An empty list matches nothing.
        var table = joined ? "batch_list_joined" : "batch_list";
        await CreateTableAsync($"create table {table} (id int not null primary key, hits int not null)");
        var batch = new SqlBatch();
        for (var id = 1; id <= 700; id++)
        {
            batch.Add($"insert into {table} (id, hits) values (@Id, @Hits)", new { Id = id, Hits = 0 });
        }

        batch.Add($"update {table} set hits = hits + 1 where {_db.Dialect.InList("id", "Ids")}", new { Ids = Enumerable.Range(1, 1_500).ToArray() })
            .Add($"update {table} set hits = hits + 10 where {_db.Dialect.InList("id", "None")}", new { None = Array.Empty<int>() });

        var affected = await SendAsync(batch, joined);

        Assert.Multiple(async () =>
        {
            Assert.That(affected, Is.EqualTo(1_400));
            Assert.That(await _db.ScalarAsync<long>($"select sum(hits) from {table}"), Is.EqualTo(700));
        });
    }

    [TestCase(false, TestName = "A batch inserts a row insert's rows together where the first was added, in order, nulls too, as the driver's batch")]
    [TestCase(true, TestName = "A batch inserts a row insert's rows together where the first was added, in order, nulls too, joined into texts")]
    public async Task A_batch_inserts_a_row_insert_s_rows_together_in_order(bool joined)
    {
        var table = joined ? "rows_probe_joined" : "rows_probe";
        await CreateTableAsync(provider == DatabaseProvider.PostgreSql
            ? $"create table {table} (id bigint generated always as identity primary key, k uuid not null, note varchar(50) null, n bigint null, at timestamptz not null)"
            : $"create table {table} (id bigint identity(1, 1) primary key, k uniqueidentifier not null, note nvarchar(50) null, n bigint null, at datetimeoffset not null)");
        var insert = new RowInsert(table, ("k", typeof(Guid)), ("note", typeof(string)), ("n", typeof(long?)), ("at", typeof(DateTimeOffset)));
        var at = new DateTimeOffset(2026, 11, 21, 8, 0, 0, TimeSpan.Zero);
        var keys = Enumerable.Range(0, 1_200).Select(i => Guid.CreateVersion7(at.AddMilliseconds(i))).ToList();
        var batch = new SqlBatch().Add($"create table {table}_marker (id int not null)");
        for (var i = 0; i < keys.Count; i++)
        {
            batch.Insert(insert, keys[i], i % 3 == 0 ? null : $"行 {i}", i % 2 == 0 ? null : (long?)i, at.AddSeconds(i));
            if (i == 0)
            {
                // Added after the first row: the rows are all inserted before it runs.
                batch.Add($"insert into {table}_marker (id) select count(*) from {table}");
            }
        }

        Assert.That(batch.Count, Is.EqualTo(3), "the rows of one insert are one statement");
        await SendAsync(batch, joined);

        var rows = (await _db.QueryAsync<(Guid K, string? Note, long? N, DateTimeOffset At)>($"select k, note, n, at from {table} order by id")).ToList();
        Assert.Multiple(async () =>
        {
            Assert.That(rows.Select(r => r.K), Is.EqualTo(keys), "identity values follow the order the rows were added");
            Assert.That(rows[3], Is.EqualTo((keys[3], (string?)null, (long?)3, at.AddSeconds(3))));
            Assert.That(rows[4], Is.EqualTo((keys[4], "行 4", (long?)null, at.AddSeconds(4))));
            Assert.That(await _db.ScalarAsync<int>($"select id from {table}_marker"), Is.EqualTo(1_200));
        });
    }

    [TestCase(false, TestName = "A batch that fails halfway leaves nothing of its transaction, as the driver's batch")]
    [TestCase(true, TestName = "A batch that fails halfway leaves nothing of its transaction, joined into one text")]
    public async Task A_batch_that_fails_halfway_leaves_nothing_of_its_transaction(bool joined)
    {
        var created = (FileOutcome.Created)await Filing().FileAsync(Draft(), null, CancellationToken.None);
        var auditBefore = await _db.ScalarAsync<long>("select count(*) from case_audit");
        var batch = new SqlBatch()
            .Add("update cases set title = @Title where id = @Id", new { Title = "changed", created.Case.Id })
            // The same audit seq again: a primary-key violation in the middle of the batch.
            .Add("""
                 insert into case_audit (case_id, seq, action, from_state, to_state, actor, occurred_at, hash)
                 values (@Id, 1, 'file', null, 'filed', 'test', @Now, 'x')
                 """, new { created.Case.Id, Now = DateTimeOffset.UtcNow })
            .Add("update cases set content = @Content where id = @Id", new { Content = "changed", created.Case.Id });

        Assert.That(() => SendAsync(batch, joined),
            Throws.Exception.Matches<Exception>(_db.Dialect.IsUniqueViolation));
        var title = await _db.ScalarAsync<string>("select title from cases where id = @Id", new { created.Case.Id });
        Assert.Multiple(async () =>
        {
            Assert.That(title, Is.EqualTo(created.Case.Title));
            Assert.That(await _db.ScalarAsync<long>("select count(*) from case_audit"), Is.EqualTo(auditBefore));
        });
    }
}
