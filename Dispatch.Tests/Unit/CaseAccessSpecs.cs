using Dispatch.Tests.Support;
using Dispatch.Workers.Access;
using Dispatch.Workers.Cases;

namespace Dispatch.Tests.Unit;

[Category("Unit")]
public sealed class CaseAccessSpecs
{
    private static readonly Dispatch.Workers.Catalogue.Catalogue Tree = DemoCatalogue.Instance;

    private static Case UmCase(string? handling = null, bool confidential = false) =>
        new(Guid.NewGuid(), "261121000010", CaseState.Dispatched, 2, "complaint", "010201", "phone", "normal",
            new Caller("张三", "13800138000", confidential), new CaseLocation("DM", null, null, null, null, null, null),
            "t", "c", "UM", ["ENV"], "agent:agent1", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, null, DateTimeOffset.UnixEpoch)
        {
            HandlingDepartmentCode = handling,
        };

    private static Actor Handler(string department) => new($"{department}.handler", Roles.Handler, department);

    [TestCase("UM", true)]
    [TestCase("ENV", true)]
    [TestCase("UM-SQ1", false)]
    [TestCase("HOUSING", false)]
    [TestCase("GOV", false)]
    public void A_handler_sees_the_cases_of_their_department_as_lead_or_assisting(string department, bool sees)
    {
        Assert.That(CaseAccess.CanSee(Handler(department), UmCase(), Tree), Is.EqualTo(sees));
    }

    [Test]
    public void A_sub_unit_sees_a_case_once_it_is_forwarded_to_it_and_the_lead_still_does()
    {
        var forwarded = UmCase(handling: "UM-SQ1");

        Assert.Multiple(() =>
        {
            Assert.That(CaseAccess.CanSee(Handler("UM-SQ1"), forwarded, Tree), Is.True);
            Assert.That(CaseAccess.CanSee(Handler("UM-SQ2"), forwarded, Tree), Is.False);
            Assert.That(CaseAccess.CanSee(Handler("UM"), forwarded, Tree), Is.True);
            Assert.That(CaseAccess.Refusal(Handler("UM-SQ1"), forwarded, CaseAction.Sign, Tree), Is.Null);
            Assert.That(CaseAccess.Refusal(Handler("UM"), forwarded, CaseAction.Reply, Tree), Is.Null, "the lead stays accountable");
        });
    }

    [TestCase("agent")]
    [TestCase("dispatcher")]
    [TestCase("visitor")]
    [TestCase("supervisor")]
    [TestCase("admin")]
    public void The_center_sees_every_case(string role)
    {
        Assert.That(CaseAccess.CanSee(new Actor("x", role, null), UmCase(), Tree), Is.True);
    }

    private static IEnumerable<TestCaseData> EveryRoleAndAction() =>
        from role in Roles.All
        from action in CaseActions.All.Where(a => a is not (CaseAction.File or CaseAction.CloseWithMaster or CaseAction.DeadlineWarning or CaseAction.MarkOverdue
            or CaseAction.AnonymiseCaller))
        select new TestCaseData(role, action).SetName($"{role} x {action}");

    [TestCaseSource(nameof(EveryRoleAndAction))]
    public void Each_action_belongs_to_the_roles_the_domain_gives_it(string role, CaseAction action)
    {
        var expected = action switch
        {
            CaseAction.CloseDirectly => new[] { Roles.Agent },
            CaseAction.Dispatch or CaseAction.Redispatch or CaseAction.RejectReturn or CaseAction.ApproveExtension
                or CaseAction.RefuseExtension or CaseAction.Merge or CaseAction.PauseClock or CaseAction.ResumeClock => [Roles.Dispatcher],
            CaseAction.Urge or CaseAction.Supervise => [Roles.Dispatcher, Roles.Supervisor],
            CaseAction.Sign or CaseAction.Return or CaseAction.Forward or CaseAction.RequestExtension or CaseAction.Reply
                or CaseAction.AssistReply or CaseAction.VerifyOnSite or CaseAction.CloseOnSpot => [Roles.Handler],
            CaseAction.AddNote => [Roles.Handler, Roles.Dispatcher, Roles.Agent],
            CaseAction.Attach => [Roles.Agent, Roles.Dispatcher, Roles.Handler, Roles.Visitor],
            _ => [Roles.Visitor],
        };

        Assert.That(CaseAccess.RoleMay(role, action), Is.EqualTo(expected.Contains(role)));
    }

    [TestCase(CaseAction.DeadlineWarning)]
    [TestCase(CaseAction.MarkOverdue)]
    [TestCase(CaseAction.CloseWithMaster)]
    [TestCase(CaseAction.AnonymiseCaller)]
    public void What_only_the_system_does_no_role_may_do(CaseAction action)
    {
        Assert.That(Roles.All.Where(r => CaseAccess.RoleMay(r, action)), Is.Empty);
    }

    [Test]
    public void Assisting_departments_add_notes_and_part_replies_but_never_take_the_leads_actions()
    {
        var env = Handler("ENV");

        Assert.Multiple(() =>
        {
            Assert.That(CaseAccess.Refusal(env, UmCase(), CaseAction.AddNote, Tree), Is.Null);
            Assert.That(CaseAccess.Refusal(env, UmCase(), CaseAction.AssistReply, Tree), Is.Null);
            foreach (var action in new[] { CaseAction.Sign, CaseAction.Return, CaseAction.Forward, CaseAction.RequestExtension, CaseAction.Reply })
            {
                Assert.That(CaseAccess.Refusal(env, UmCase(), action, Tree), Does.Contain("only the department handling"), action.ToString());
            }

            Assert.That(CaseAccess.Refusal(Handler("UM"), UmCase(), CaseAction.AssistReply, Tree), Does.Contain("assisting"));
        });
    }

    [Test]
    public void A_confidential_callers_name_and_phone_are_masked_for_departments_only()
    {
        var caller = UmCase(confidential: true).Caller;

        Assert.Multiple(() =>
        {
            Assert.That(CaseAccess.MaskFor(Handler("UM"), caller), Is.EqualTo(new Caller(CaseAccess.Masked, CaseAccess.Masked, true)));
            Assert.That(CaseAccess.MaskFor(new Actor("d", Roles.Dispatcher, null), caller), Is.EqualTo(caller));
            Assert.That(CaseAccess.MaskFor(Handler("UM"), UmCase().Caller), Is.EqualTo(UmCase().Caller), "not confidential: shown");
        });
    }

    [Test]
    public void Only_a_name_or_phone_that_is_not_masked_identifies_a_caller()
    {
        Assert.Multiple(() =>
        {
            Assert.That(CaseAccess.IdentifiesCaller(new Caller("张三", "13800138000", false)), Is.True);
            Assert.That(CaseAccess.IdentifiesCaller(new Caller(null, "13800138000", true)), Is.True, "the center sees a confidential caller");
            Assert.That(CaseAccess.IdentifiesCaller(new Caller("张三", null, false)), Is.True);
            Assert.That(CaseAccess.IdentifiesCaller(CaseAccess.MaskFor(Handler("UM"), UmCase(confidential: true).Caller)), Is.False);
            Assert.That(CaseAccess.IdentifiesCaller(new Caller(CaseAccess.Masked, null, true)), Is.False);
            Assert.That(CaseAccess.IdentifiesCaller(new Caller(null, null, false)), Is.False, "no caller data, or anonymised");
            Assert.That(CaseAccess.IdentifiesCaller(new Caller("", "", false)), Is.False);
        });
    }

    [TestCase("auditor", null)]
    [TestCase("Agent", null)]
    [TestCase("", null)]
    [TestCase("auditor", "UM")]
    public void A_role_the_hotline_does_not_know_gets_neither_the_centers_rights_nor_a_departments(string role, string? department)
    {
        var stranger = new Actor("x", role, department);

        Assert.Multiple(() =>
        {
            Assert.That(stranger.IsCenter, Is.False);
            Assert.That(stranger.HandlingDepartmentCode, Is.Null);
            Assert.That(CaseAccess.CanSee(stranger, UmCase(), Tree), Is.False, "not even the cases of the department it names");
            Assert.That(CaseAccess.MaskFor(stranger, UmCase(confidential: true).Caller), Is.EqualTo(new Caller(CaseAccess.Masked, CaseAccess.Masked, true)));
            Assert.That(CaseActions.All.Where(a => CaseAccess.Refusal(stranger, UmCase(), a, Tree) is null), Is.Empty);
        });
    }

    [Test]
    public void Every_role_but_the_handler_and_the_knowledge_editor_works_for_the_center_on_cases()
    {
        Assert.That(Roles.All.Where(r => new Actor("x", r, null).IsCenter), Is.EquivalentTo(Roles.All.Except([Roles.Handler, Roles.Editor])));
    }

    [Test]
    public void A_knowledge_editor_sees_no_case_and_may_do_nothing_to_one()
    {
        var editor = new Actor("editor1", Roles.Editor, null);

        Assert.Multiple(() =>
        {
            Assert.That(CaseAccess.CanSee(editor, UmCase(), Tree), Is.False);
            Assert.That(CaseActions.All.Where(a => CaseAccess.RoleMay(Roles.Editor, a)), Is.Empty);
        });
    }

    private static Case GovCase(string? handling, CaseState state = CaseState.Signed, string? patrolStation = null) =>
        UmCase(handling) with { Status = state, LeadDepartmentCode = "GOV", AssistingDepartmentCodes = [], PatrolStationCode = patrolStation };

    [Test]
    public void A_grid_station_sees_a_case_its_community_forwarded_to_it_and_its_own_patrol_reports_and_nothing_of_its_siblings()
    {
        var atGrid = GovCase("ST-S01-C01-G01");
        var reported = GovCase(null, patrolStation: "ST-S01-C01-G01") with { LeadDepartmentCode = "UM" };

        Assert.Multiple(() =>
        {
            Assert.That(CaseAccess.CanSee(Handler("ST-S01-C01-G01"), atGrid, Tree), Is.True);
            Assert.That(CaseAccess.CanSee(Handler("ST-S01-C01-G02"), atGrid, Tree), Is.False, "the other grid of the same community");
            Assert.That(CaseAccess.CanSee(Handler("ST-S01-C01"), atGrid, Tree), Is.True, "the community stays accountable");
            Assert.That(CaseAccess.CanSee(Handler("GOV"), atGrid, Tree), Is.True, "and the lead");
            Assert.That(CaseAccess.CanSee(Handler("ST-S01-C01-G01"), reported, Tree), Is.True, "a patrol report routed to UM");
            Assert.That(CaseAccess.CanSee(Handler("ST-S01-C01-G02"), reported, Tree), Is.False);
        });
    }

    [Test]
    public void Only_the_grid_station_holding_a_case_verifies_it_on_site()
    {
        var atGrid = GovCase("ST-S01-C01-G01");

        Assert.Multiple(() =>
        {
            Assert.That(CaseAccess.Refusal(Handler("ST-S01-C01-G01"), atGrid, CaseAction.VerifyOnSite, Tree), Is.Null);
            Assert.That(CaseAccess.Refusal(Handler("ST-S01-C01"), atGrid, CaseAction.VerifyOnSite, Tree), Does.Contain("grid station holding"));
            Assert.That(CaseAccess.Refusal(Handler("GOV"), atGrid, CaseAction.VerifyOnSite, Tree), Does.Contain("grid station holding"));
            Assert.That(CaseAccess.Refusal(Handler("ST-S01-C01"), GovCase("ST-S01-C01"), CaseAction.VerifyOnSite, Tree), Does.Contain("grid station holding"),
                "a community holding a case does not verify it on site itself: its grid workers do");
            Assert.That(CaseAccess.Refusal(Handler("ST-S01-C01-G02"), atGrid, CaseAction.VerifyOnSite, Tree), Is.Not.Null);
        });
    }

    [TestCase("ST-S01-C01", "ST-S01-C01-G01", null)]
    [TestCase("ST-S01-C01", "ST-S01-C01-G02", null)]
    [TestCase("ST-S01-C01", "ST-S02-C01-G01", "'ST-S02-C01-G01' is a grid station of ST-S02-C01: only ST-S02-C01, holding the case, forwards to it.")]
    [TestCase("ST-S01-C01", "ST-S01-C02", "'ST-S01-C02' is not a grid station of ST-S01-C01: a community holding a case forwards it only to its grid stations.")]
    [TestCase("GOV", "ST-S01-C01-G01", "'ST-S01-C01-G01' is a grid station of ST-S01-C01: only ST-S01-C01, holding the case, forwards to it.")]
    [TestCase("GOV", "ST-S01-C02", null)]
    public void A_community_holding_a_case_forwards_it_to_its_own_grid_stations_only(string forwarder, string target, string? problem)
    {
        var atCommunity = GovCase("ST-S01-C01");

        Assert.Multiple(() =>
        {
            Assert.That(CaseAccess.Refusal(Handler(forwarder), atCommunity, CaseAction.Forward, Tree), Is.Null);
            Assert.That(CaseAccess.ForwardProblem(Handler(forwarder), atCommunity, target, Tree), Is.EqualTo(problem));
        });
    }

    [Test]
    public void A_community_leading_a_case_forwards_it_to_its_grid_stations_and_a_grid_station_forwards_nothing()
    {
        var led = GovCase(null) with { LeadDepartmentCode = "ST-S02-C01" };

        Assert.Multiple(() =>
        {
            Assert.That(CaseAccess.ForwardProblem(Handler("ST-S02-C01"), led, "ST-S02-C01-G02", Tree), Is.Null);
            Assert.That(CaseAccess.Refusal(Handler("ST-S01-C01-G01"), GovCase("ST-S01-C01-G01"), CaseAction.Forward, Tree),
                Does.StartWith("only the lead department forwards"));
            Assert.That(CaseAccess.Refusal(Handler("ST-S01"), GovCase("ST-S01"), CaseAction.Forward, Tree),
                Does.StartWith("only the lead department forwards"), "a street office the case was forwarded to forwards it no further, as before");
        });
    }

    [Test]
    public void Only_a_grid_worker_closes_on_the_spot()
    {
        Assert.Multiple(() =>
        {
            Assert.That(CaseAccess.Refusal(Handler("ST-S02-C01-G01"), GovCase(null, CaseState.Filed), CaseAction.CloseOnSpot, Tree), Is.Null);
            Assert.That(CaseAccess.Refusal(Handler("ST-S02-C01"), GovCase(null, CaseState.Filed), CaseAction.CloseOnSpot, Tree),
                Is.EqualTo("only a grid worker (网格员) closes a patrol report on the spot"));
        });
    }
}
