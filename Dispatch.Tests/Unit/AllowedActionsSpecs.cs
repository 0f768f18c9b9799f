using Dispatch.Tests.Support;
using Dispatch.Workers.Access;
using Dispatch.Workers.Cases;

namespace Dispatch.Tests.Unit;

/// <summary>
/// What each person may do to a case now (<see cref="AllowedActions"/>), every state × every viewpoint: the center's roles, and
/// handlers of the lead department, an assisting one, a sub-unit and an unrelated one. The table is written out here independently of
/// CaseLifecycle and CaseAccess, so a change to either that changes what someone may do fails here until it is meant.
/// </summary>
[Category("Unit")]
public sealed class AllowedActionsSpecs
{
    private static readonly Dispatch.Workers.Catalogue.Catalogue Tree = DemoCatalogue.Instance;

    /// <summary>Who looks at the case: a center role, or a handler of a department in some relation to it (lead UM, assisting ENV).</summary>
    private static readonly Dictionary<string, Actor> Viewpoints = new()
    {
        ["agent"] = new("agent1", Roles.Agent, null),
        ["dispatcher"] = new("dispatcher1", Roles.Dispatcher, null),
        ["visitor"] = new("visitor1", Roles.Visitor, null),
        ["supervisor"] = new("supervisor1", Roles.Supervisor, null),
        ["admin"] = new("admin1", Roles.Admin, null),
        ["lead handler"] = new("um.handler", Roles.Handler, "UM"),
        ["assisting handler"] = new("env.handler", Roles.Handler, "ENV"),
        ["sub-unit handler"] = new("um-sq1.handler", Roles.Handler, "UM-SQ1"),
        ["unrelated handler"] = new("housing.handler", Roles.Handler, "HOUSING"),
        ["unknown role"] = new("someone", "typo", null),
    };

    // Every state × viewpoint, for a consultation-like request (help) led by UM with ENV assisting, no extension pending, the reply clock
    // running. A viewpoint missing from a state's row may do nothing.
    private static readonly Dictionary<CaseState, Dictionary<string, string[]>> Expected = new()
    {
        [CaseState.Filed] = new()
        {
            ["agent"] = ["close-directly", "add-note", "attach"],
            ["dispatcher"] = ["dispatch", "merge", "add-note", "attach"],
            ["visitor"] = ["attach"],
        },
        [CaseState.Dispatched] = new()
        {
            ["agent"] = ["add-note", "attach"],
            ["dispatcher"] = ["merge", "add-note", "urge", "supervise", "attach"],
            ["visitor"] = ["attach"],
            ["supervisor"] = ["urge", "supervise"],
            ["lead handler"] = ["sign", "return", "add-note", "attach"],
            ["assisting handler"] = ["add-note", "assist-reply", "attach"],
        },
        [CaseState.Signed] = new()
        {
            ["agent"] = ["add-note", "attach"],
            ["dispatcher"] = ["merge", "add-note", "urge", "supervise", "pause-clock", "attach"],
            ["visitor"] = ["attach"],
            ["supervisor"] = ["urge", "supervise"],
            ["lead handler"] = ["forward", "return", "reply", "add-note", "request-extension", "attach"],
            ["assisting handler"] = ["add-note", "assist-reply", "attach"],
        },
        [CaseState.Returned] = new()
        {
            ["agent"] = ["add-note", "attach"],
            ["dispatcher"] = ["redispatch", "reject-return", "merge", "add-note", "attach"],
            ["visitor"] = ["attach"],
            ["lead handler"] = ["add-note", "attach"],
            ["assisting handler"] = ["add-note", "attach"],
        },
        [CaseState.Resolved] = new()
        {
            ["agent"] = ["add-note", "attach"],
            ["dispatcher"] = ["add-note", "attach"],
            ["visitor"] = ["close-after-visit", "reopen", "record-visit-attempt", "close-unreachable", "attach"],
            ["lead handler"] = ["add-note", "attach"],
            ["assisting handler"] = ["add-note", "attach"],
        },
        [CaseState.Closed] = new(),
        [CaseState.Merged] = new(),
    };

    private static Case A(CaseState state, string requestType = "help", string? lead = "UM", string? handling = null, DateTimeOffset? pendingExtension = null) =>
        new(Guid.NewGuid(), "261121000010", state, 3, requestType, "010201", "phone", "normal",
            new Caller("张三", "13800138000", false), new CaseLocation("DM", null, null, null, null, null, null),
            "t", "c", state == CaseState.Filed ? null : lead, state == CaseState.Filed || lead is null ? [] : ["ENV"], "agent:agent1",
            DateTimeOffset.UnixEpoch, state == CaseState.Filed ? null : DateTimeOffset.UnixEpoch, null, DateTimeOffset.UnixEpoch)
        {
            HandlingDepartmentCode = handling,
            PendingExtensionUntil = pendingExtension,
        };

    private static string[] Allowed(Actor actor, Case @case, ReplyClock replyClock = ReplyClock.Running) =>
        [.. AllowedActions.ToWire(AllowedActions.For(actor, @case, Tree, replyClock))];

    private static IEnumerable<TestCaseData> EveryStateAndViewpoint() =>
        from state in CaseStates.All
        from viewpoint in Viewpoints.Keys
        select new TestCaseData(state, viewpoint).SetName($"{state.ToWire()} as {viewpoint}");

    [TestCaseSource(nameof(EveryStateAndViewpoint))]
    public void Each_person_is_offered_what_the_state_their_role_and_their_department_allow(CaseState state, string viewpoint)
    {
        var expected = Expected[state].GetValueOrDefault(viewpoint) ?? [];

        Assert.That(Allowed(Viewpoints[viewpoint], A(state)), Is.EquivalentTo(expected));
    }

    [Test]
    public void The_table_covers_every_state()
    {
        Assert.That(Expected.Keys, Is.EquivalentTo(CaseStates.All));
    }

    [Test]
    public void No_one_is_ever_offered_an_automatic_action()
    {
        var automatic = new[] { "file", "deadline-warning", "mark-overdue", "close-with-master", "anonymise-caller" };
        var offered = from state in CaseStates.All
                      from actor in Viewpoints.Values.Concat(Roles.All.Select(r => new Actor("x", r, r == Roles.Handler ? "UM" : null)))
                      from clock in Enum.GetValues<ReplyClock>()
                      from action in Allowed(actor, A(state), clock)
                      select action;

        Assert.That(offered.Distinct().Intersect(automatic), Is.Empty);
    }

    [Test]
    public void The_actions_come_in_the_lifecycles_order()
    {
        Assert.That(Allowed(Viewpoints["dispatcher"], A(CaseState.Signed, pendingExtension: DateTimeOffset.UnixEpoch)),
            Is.EqualTo(new[] { "merge", "add-note", "approve-extension", "refuse-extension", "urge", "supervise", "pause-clock", "attach" }));
    }

    [Test]
    public void An_extension_request_waiting_is_answered_by_the_dispatcher_and_not_asked_for_again()
    {
        var pending = A(CaseState.Signed, pendingExtension: DateTimeOffset.UnixEpoch.AddDays(3));

        Assert.Multiple(() =>
        {
            Assert.That(Allowed(Viewpoints["dispatcher"], pending), Does.Contain("approve-extension").And.Contain("refuse-extension"));
            Assert.That(Allowed(Viewpoints["dispatcher"], A(CaseState.Signed)), Does.Not.Contain("approve-extension").And.Not.Contain("refuse-extension"));
            Assert.That(Allowed(Viewpoints["lead handler"], pending), Does.Not.Contain("request-extension"));
        });
    }

    [TestCase(ReplyClock.Running, new[] { "pause-clock" })]
    [TestCase(ReplyClock.Paused, new[] { "resume-clock" })]
    [TestCase(ReplyClock.None, new string[0])]
    public void The_dispatcher_pauses_a_running_reply_clock_and_resumes_a_paused_one(ReplyClock clock, string[] expected)
    {
        Assert.That(Allowed(Viewpoints["dispatcher"], A(CaseState.Signed), clock).Where(a => a.EndsWith("-clock", StringComparison.Ordinal)),
            Is.EqualTo(expected));
    }

    [Test]
    public void Only_a_dispatcher_on_a_signed_case_needs_the_reply_clock_read()
    {
        var needs = from state in CaseStates.All
                    from viewpoint in Viewpoints
                    where AllowedActions.NeedsReplyClock(viewpoint.Value, A(state))
                    select (state, viewpoint.Key);

        Assert.That(needs, Is.EqualTo(new[] { (CaseState.Signed, "dispatcher") }));
    }

    [Test]
    public void Once_forwarded_the_sub_unit_handles_it_and_the_lead_stays_accountable()
    {
        var dispatched = A(CaseState.Dispatched, handling: "UM-SQ1");
        var signed = A(CaseState.Signed, handling: "UM-SQ1");

        Assert.Multiple(() =>
        {
            Assert.That(Allowed(Viewpoints["sub-unit handler"], dispatched), Is.EquivalentTo(new[] { "sign", "return", "add-note", "attach" }));
            Assert.That(Allowed(Viewpoints["sub-unit handler"], signed), Is.EquivalentTo(new[] { "return", "reply", "add-note", "request-extension", "attach" }),
                "a sub-unit does not forward further");
            Assert.That(Allowed(Viewpoints["lead handler"], signed), Is.EquivalentTo(new[] { "forward", "return", "reply", "add-note", "request-extension", "attach" }));
            Assert.That(Allowed(new Actor("um-sq2.handler", Roles.Handler, "UM-SQ2"), signed), Is.Empty, "another sub-unit does not see it");
        });
    }

    [Test]
    public void A_lead_department_without_sub_units_is_not_offered_forward()
    {
        Assert.That(Allowed(Viewpoints["assisting handler"], A(CaseState.Signed, lead: "ENV")), Does.Not.Contain("forward").And.Contain("reply"));
    }

    [TestCase("complaint")]
    [TestCase("report")]
    public void A_complaint_or_a_report_is_not_offered_to_be_closed_on_the_call(string requestType)
    {
        Assert.That(Allowed(Viewpoints["agent"], A(CaseState.Filed, requestType)), Is.EqualTo(new[] { "add-note", "attach" }));
    }

    [Test]
    public void Every_action_offered_is_one_the_lifecycle_and_access_allow()
    {
        // The other way round from the table: nothing offered would be refused if taken.
        var refused = from state in CaseStates.All
                      from actor in Viewpoints.Values
                      let @case = A(state)
                      from action in AllowedActions.For(actor, @case, Tree, ReplyClock.Running)
                      where CaseLifecycle.Decide(state, action) is CaseDecision.Refused || CaseAccess.Refusal(actor, @case, action, Tree) is not null
                      select $"{state} {actor} {action}";

        Assert.That(refused, Is.Empty);
    }

    /// <summary>The grid (网格): the people around a case led by GOV that 北山社区 (ST-S01-C01) holds or forwarded to its first grid station.</summary>
    private static readonly Dictionary<string, Actor> GridViewpoints = new()
    {
        ["lead handler"] = new("gov.handler", Roles.Handler, "GOV"),
        ["community handler"] = new("bs.handler", Roles.Handler, "ST-S01-C01"),
        ["grid worker"] = new("grid.bs1", Roles.Handler, "ST-S01-C01-G01"),
        ["sibling grid worker"] = new("grid.bs2", Roles.Handler, "ST-S01-C01-G02"),
        ["other community's grid worker"] = new("grid.cy1", Roles.Handler, "ST-S02-C01-G01"),
    };

    private static readonly string[] Handles = ["sign", "return", "add-note", "attach"];

    // (state, who holds the case) × viewpoint. A viewpoint missing from a row may do nothing (it does not see the case).
    private static readonly Dictionary<(CaseState, string), Dictionary<string, string[]>> GridExpected = new()
    {
        [(CaseState.Dispatched, "ST-S01-C01")] = new()
        {
            ["lead handler"] = Handles,
            ["community handler"] = Handles,
        },
        [(CaseState.Signed, "ST-S01-C01")] = new()
        {
            ["lead handler"] = ["forward", "return", "reply", "add-note", "request-extension", "attach"],
            ["community handler"] = ["forward", "return", "reply", "add-note", "request-extension", "attach"],
        },
        [(CaseState.Dispatched, "ST-S01-C01-G01")] = new()
        {
            ["lead handler"] = Handles,
            ["community handler"] = Handles,
            ["grid worker"] = Handles,
        },
        [(CaseState.Signed, "ST-S01-C01-G01")] = new()
        {
            ["lead handler"] = ["forward", "return", "reply", "add-note", "request-extension", "attach"],
            ["community handler"] = ["return", "reply", "add-note", "request-extension", "attach"],
            ["grid worker"] = ["return", "reply", "add-note", "request-extension", "attach", "verify-on-site"],
        },
    };

    private static IEnumerable<TestCaseData> EveryGridSceneAndViewpoint() =>
        from scene in GridExpected.Keys
        from viewpoint in GridViewpoints.Keys
        select new TestCaseData(scene.Item1, scene.Item2, viewpoint).SetName($"{scene.Item1.ToWire()} at {scene.Item2} as {viewpoint}");

    [TestCaseSource(nameof(EveryGridSceneAndViewpoint))]
    public void Around_the_grid_each_person_is_offered_what_their_place_allows(CaseState state, string holder, string viewpoint)
    {
        var @case = A(state, lead: "GOV", handling: holder) with { AssistingDepartmentCodes = [] };
        var expected = GridExpected[(state, holder)].GetValueOrDefault(viewpoint) ?? [];

        Assert.That(Allowed(GridViewpoints[viewpoint], @case), Is.EquivalentTo(expected));
    }

    [TestCase(CaseState.Filed, new[] { "add-note", "attach" })]
    [TestCase(CaseState.Dispatched, new[] { "add-note", "attach" })]
    [TestCase(CaseState.Signed, new[] { "add-note", "attach" })]
    [TestCase(CaseState.Resolved, new[] { "add-note", "attach" })]
    [TestCase(CaseState.Closed, new string[0])]
    public void A_grid_station_follows_its_patrol_report_wherever_it_was_routed_and_is_never_offered_to_close_it_on_the_spot(CaseState state,
        string[] expected)
    {
        var report = A(state) with { Channel = "grid-patrol", PatrolStationCode = "ST-S01-C01-G01" };

        Assert.Multiple(() =>
        {
            Assert.That(Allowed(GridViewpoints["grid worker"], report), Is.EquivalentTo(expected));
            Assert.That(Allowed(GridViewpoints["sibling grid worker"], report), Is.Empty);
        });
    }

    [Test]
    public void Every_action_offered_around_the_grid_is_one_the_lifecycle_and_access_allow()
    {
        var refused = from scene in GridExpected.Keys
                      from actor in GridViewpoints.Values
                      let @case = A(scene.Item1, lead: "GOV", handling: scene.Item2) with { AssistingDepartmentCodes = [] }
                      from action in AllowedActions.For(actor, @case, Tree, ReplyClock.Running)
                      where CaseLifecycle.Decide(scene.Item1, action) is CaseDecision.Refused || CaseAccess.Refusal(actor, @case, action, Tree) is not null
                      select $"{scene} {actor} {action}";

        Assert.That(refused, Is.Empty);
    }
}
