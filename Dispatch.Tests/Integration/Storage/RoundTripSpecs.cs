using Dispatch.Tests.Support;
using Dispatch.Workers.Access;
using Dispatch.Workers.Cases;
using Dispatch.Workers.Catalogue;
using Dispatch.Workers.Deadlines;
using Dispatch.Workers.Privacy;
using Dispatch.Workers.Routing;
using Dispatch.Workers.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Dispatch.Tests.Integration.Storage;

/// <summary>
/// How many round trips each unit of work costs on PostgreSQL, and what the hot ones send: one per read whose answer matters, one
/// for a version-checked update, one batch for every other write. The commit is on top of each. A change to these numbers is a
/// change to the benchmarks: make it on purpose.
/// </summary>
[Category("Integration")]
public sealed class RoundTripSpecs
{
    private readonly ManualClock _clock = new(new DateTimeOffset(2030, 1, 10, 10, 0, 0, TimeSpan.FromHours(8)));
    private TestDatabase _db = null!;
    private RoundTrips _trips = null!;
    private CatalogueStore _catalogues = null!;
    private DeadlineRulesStore _deadlines = null!;
    private CaseNumberAllocator _numbers = null!;

    [OneTimeSetUp]
    public async Task CreateDatabase()
    {
        _db = await TestDatabase.CreateAsync(DatabaseProvider.PostgreSql);
        _trips = new RoundTrips();
        // Reference data is read once per snapshot, outside the units of work: loaded here, so no unit counts it.
        _catalogues = new CatalogueStore(_db.Database, _clock, Options.Create(new CatalogueOptions { RefreshInterval = TimeSpan.FromDays(3650) }));
        _deadlines = new DeadlineRulesStore(_db.Database, _clock, Options.Create(new DeadlineOptions { RefreshInterval = TimeSpan.FromDays(3650) }));
        _numbers = new CaseNumberAllocator(_db.Database, _clock, Options.Create(new HotlineOptions { CaseNumberBlockSize = 1000 }));
        await _catalogues.GetAsync(CancellationToken.None);
        await _deadlines.GetAsync(CancellationToken.None);
        await _numbers.NextAsync(CancellationToken.None);
    }

    [OneTimeTearDown]
    public async Task DropDatabase()
    {
        _trips?.Dispose();
        _catalogues?.Dispose();
        _deadlines?.Dispose();
        _numbers?.Dispose();
        if (_db is not null)
        {
            await _db.DisposeAsync();
        }
    }

    private static readonly Actor Agent = new("agent1", Roles.Agent, null);
    private static readonly Actor Center = new("dispatcher1", Roles.Dispatcher, null);
    private static readonly Actor Um = new("um1", Roles.Handler, "UM");
    private static readonly Actor Visitor = new("visitor1", Roles.Visitor, null);

    private static NewCase Draft(string requestType = "complaint") => new(requestType, "010201", "phone", "normal", new Caller("张三", "13800138000", false),
        new CaseLocation("DM", "DM-S02", "DM-S02-C01", null, "翠苑一区5幢", 30.28, 120.13), "夜间施工噪声", "晚上11点后工地仍在打桩", "agent:agent1");

    private CaseFiling Filing => new(_db.Database, _numbers, _clock, TestAuditKeys.Ring);

    private CaseWork Work => new(_db.Database, _catalogues, _deadlines, _clock, TestAuditKeys.Ring, Options.Create(new LifecycleOptions()));

    private async Task<Case> Filed(string requestType = "complaint") =>
        ((FileOutcome.Created)await Filing.FileAsync(Draft(requestType), null, CancellationToken.None)).Case;

    /// <summary>RouteFiledCase's unit of work: the inbox row and the case, locked, with its clocks; then the change's one batch.</summary>
    private async Task<Case> Routed(Case filed)
    {
        var rules = await _deadlines.GetAsync(CancellationToken.None);
        var decision = new RoutingDecision("UM", ["ENV"], CaseRouter.ByRule, 6, 1, "rule 6");
        return await _db.Database.InTransactionAsync(async (c, t, ct) =>
        {
            var received = (await CaseReader.ReceiveAsync(c, t, _db.Dialect, Guid.NewGuid(), RouteFiledCase.ConsumerName, filed.Id, _clock.GetUtcNow(), ct))!;
            var change = ((ChangeOutcome.Changed)CaseChanges.Decide(received.Case!, new CaseRequest.ByRouter(decision, RouteFiledCase.Actor),
                CaseClocks.Read(rules, received.Clocks), _clock.GetUtcNow())).Change;
            var writes = new SqlBatch();
            var dispatched = await CaseChangeWriter.WriteAsync(c, t, writes, TestAuditKeys.Ring, change, CaseGuard.RowLocked, ct);
            await writes.ExecuteAsync(c, t, ct);
            return dispatched;
        }, CancellationToken.None);
    }

    [Test]
    public async Task Filing_is_one_round_trip_with_or_without_an_idempotency_key()
    {
        var (_, plain) = await _trips.OfAsync(() => Filing.FileAsync(Draft(), null, CancellationToken.None));
        var (_, keyed) = await _trips.OfAsync(() => Filing.FileAsync(Draft(), new IdempotencyClaim(Guid.NewGuid().ToString(), "hash"), CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(plain, Is.EqualTo(new[] { new[] { "insert into cases", "insert into case_audit", "insert into outbox" } }));
            Assert.That(keyed, Is.EqualTo(new[] { new[] { "insert into idempotency_keys", "insert into cases", "insert into case_audit", "insert into outbox" } }));
        });
    }

    [Test]
    public async Task A_call_answered_at_intake_is_one_round_trip_and_one_more_to_read_which_cited_entries_are_published()
    {
        var entry = await KnowledgeEntries.InsertAsync(_db, "垃圾分类投放时间");
        var catalogue = await _catalogues.GetAsync(CancellationToken.None);
        NewCase Answered(params long[] cited) => Draft("consultation") with { DirectAnswer = new DirectAnswer("每天早晚两次", cited) };

        var (_, plain) = await _trips.OfAsync(() => Filing.FileAndCloseAsync(Answered(), Agent, catalogue, null, CancellationToken.None));
        var (_, cited) = await _trips.OfAsync(() => Filing.FileAndCloseAsync(Answered(entry), Agent, catalogue, null, CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(plain, Is.EqualTo(new[] { new[] { "insert into cases", "insert into case_audit", "insert into outbox" } }),
                "the case inserted closed, both audit rows in one statement, CaseChanged and CaseClosed");
            Assert.That(cited, Is.EqualTo(new[]
            {
                new[] { "select id from" },
                new[] { "insert into cases", "insert into case_audit", "insert into knowledge_citations", "insert into outbox" },
            }));
        });
    }

    [Test]
    public async Task The_router_s_dispatch_is_two_round_trips_the_locked_read_and_one_batch()
    {
        var filed = await Filed();

        var (_, trips) = await _trips.OfAsync(() => Routed(filed));

        Assert.That(trips, Is.EqualTo(new[]
        {
            new[] { "insert into inbox", "select id as", "select department_code from", "select case_id as" },
            new[]
            {
                "update cases set", "insert into case_assisting_departments", "insert into case_audit", "insert into outbox", "insert into case_clocks",
                "insert into case_alarms",
            },
        }));
    }

    [Test]
    public async Task A_sweep_is_four_round_trips_however_many_alarms_fire_and_cases_return()
    {
        var sweeper = new DeadlineSweeper(_db.Database, _deadlines, _clock, TestAuditKeys.Ring, Options.Create(new DeadlineOptions()),
            NullLogger<DeadlineSweeper>.Instance);
        for (var i = 0; i < 3; i++)
        {
            await Routed(await Filed());
        }

        await sweeper.SweepOnceAsync(CancellationToken.None);
        // Past the sign-off deadline (a working day), before the reply clock's first warning: each case's sign-off alarms fire in a
        // chain and the case returns. (An alarm claimed for a clock a return stopped earlier in the batch costs a read of its own.)
        _clock.Advance(TimeSpan.FromHours(26));

        var (fired, trips) = await _trips.OfAsync(() => sweeper.SweepOnceAsync(CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(fired, Is.EqualTo(9), "per case two warnings and the sign-off deadline, which returns it");
            Assert.That(trips.Take(3), Is.EqualTo(new[]
            {
                new[] { "select a.id as" }, new[] { "select id as", "select case_id, department_code" }, new[] { "select case_id as" },
            }), "the claim, the cases locked, their clocks");
            Assert.That(trips, Has.Count.EqualTo(4), "everything the firings write in one batch");
            Assert.That(trips[^1].Distinct(), Is.EquivalentTo(new[]
            {
                "update case_alarms set", "update cases set", "insert into case_audit", "insert into outbox", "insert into case_alarms",
                "update case_clocks set", "insert into case_returns", "delete from case_alarms",
            }));
        });
        _clock.Advance(TimeSpan.FromHours(-26));
    }

    [Test]
    public async Task People_s_actions_cost_the_read_what_the_change_needs_the_version_checked_update_and_one_batch()
    {
        async Task<int> Act(string number, Actor actor, CaseCommand command) => (await _trips.OfAsync(() =>
            Work.ActAsync(number, actor, command, null, CancellationToken.None))).Trips.Count;
        var dispatched = await Routed(await Filed());
        var manual = await Filed();
        var master = await Filed("consultation");
        var followers = new[] { await Filed(), await Filed() };
        var counts = new Dictionary<string, int>
        {
            ["sign (the clocks read)"] = await Act(dispatched.Number, Um, new CaseCommand.Sign()),
            ["add a note (no clock read)"] = await Act(dispatched.Number, Um, new CaseCommand.AddNote("已联系施工单位")),
            ["request an extension"] = await Act(dispatched.Number, Um, new CaseCommand.RequestExtension(_clock.GetUtcNow().AddDays(10), "协调")),
            ["approve it (the clocks, the alarms fired)"] = await Act(dispatched.Number, Center, new CaseCommand.ApproveExtension(null)),
            ["pause the reply clock"] = await Act(dispatched.Number, Center, new CaseCommand.PauseClock("等待材料")),
            ["resume it"] = await Act(dispatched.Number, Center, new CaseCommand.ResumeClock(null)),
            ["reply"] = await Act(dispatched.Number, Um, new CaseCommand.Reply("已处理")),
            ["a visit that reopens"] = await Act(dispatched.Number, Visitor, new CaseCommand.ReturnVisit(true, false, Satisfactions.Dissatisfied, "仍在施工")),
            ["return"] = await Act(dispatched.Number, Um, new CaseCommand.Return("not-our-duty", "不属于本部门")),
            ["re-dispatch"] = await Act(dispatched.Number, Center, new CaseCommand.Redispatch("ENV", [], null)),
            ["dispatch by hand"] = await Act(manual.Number, Center, new CaseCommand.Dispatch("UM", [], null)),
            ["merge (the master read too)"] = await Act(followers[0].Number, Center, new CaseCommand.Merge(master.Number, null)),
            ["merge another"] = await Act(followers[1].Number, Center, new CaseCommand.Merge(master.Number, null)),
            ["close directly, closing two followers"] = await Act(master.Number, Agent, new CaseCommand.CloseDirectly("已答复")),
            ["refused by the lifecycle"] = await Act(master.Number, Center, new CaseCommand.AddNote("迟到的备注")),
            ["invalid: merge into no case"] = await Act(manual.Number, Center, new CaseCommand.Merge("261121000010", null)),
        };

        Assert.That(counts.Select(c => $"{c.Key}: {c.Value}"), Is.EqualTo(new Dictionary<string, int>
        {
            ["sign (the clocks read)"] = 4,
            ["add a note (no clock read)"] = 3,
            ["request an extension"] = 3,
            ["approve it (the clocks, the alarms fired)"] = 5,
            ["pause the reply clock"] = 4,
            ["resume it"] = 5,
            ["reply"] = 4,
            ["a visit that reopens"] = 4,
            ["return"] = 4,
            ["re-dispatch"] = 4,
            ["dispatch by hand"] = 4,
            ["merge (the master read too)"] = 5,
            ["merge another"] = 5,
            // Its own 4 (as sign's), the followers' ids 1, and per follower its read, its clocks, its update and its batch.
            ["close directly, closing two followers"] = 4 + 1 + 2 * 4,
            ["refused by the lifecycle"] = 1,
            ["invalid: merge into no case"] = 2,
        }.Select(c => $"{c.Key}: {c.Value}")));
    }

    [Test]
    public async Task Retention_is_three_round_trips_per_batch_the_claim_the_cases_locked_and_one_batch()
    {
        var retention = new CallerDataRetention(_db.Database, _clock, TestAuditKeys.Ring, Options.Create(new RetentionOptions()), Options.Create(new HotlineOptions()),
            NullLogger<CallerDataRetention>.Instance);
        foreach (var consultation in new[] { await Filed("consultation"), await Filed("consultation") })
        {
            await Work.ActAsync(consultation.Number, Agent, new CaseCommand.CloseDirectly("已答复"), null, CancellationToken.None);
        }

        _clock.Advance(TimeSpan.FromDays(40 * 31));
        var (anonymised, trips) = await _trips.OfAsync(() => retention.AnonymiseOnceAsync(CancellationToken.None));
        _clock.Advance(TimeSpan.FromDays(-40 * 31));

        Assert.Multiple(() =>
        {
            Assert.That(anonymised, Is.GreaterThanOrEqualTo(2));
            Assert.That(trips, Has.Count.EqualTo(3));
        });
    }
}
