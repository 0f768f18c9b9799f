using Dispatch.Tests.Support;
using Dispatch.Workers.Access;
using Dispatch.Workers.Cases;
using Dispatch.Workers.Catalogue;
using Dispatch.Workers.Deadlines;
using static Dispatch.Tests.Support.ChangeScene;

namespace Dispatch.Tests.Unit;

/// <summary>
/// What may not change a case: every action in every state the lifecycle does not allow it in, and every request a person makes
/// that cannot be carried out as asked, each with the field at fault. Refused before anything beyond the case is read, except
/// what only the clocks can tell.
/// </summary>
[Category("Unit")]
public sealed class CaseChangeRefusalSpecs
{
    private static IEnumerable<TestCaseData> EveryStateAndActionNotAllowed() =>
        from state in CaseStates.All
        from row in CaseChangeSpecs.Table().DistinctBy(r => r.Action)
        where !CaseLifecycle.AllowedIn(state).Contains(row.Action)
        select new TestCaseData(state, row).SetName($"{state} x {row.Action}");

    [TestCaseSource(nameof(EveryStateAndActionNotAllowed))]
    public void Every_action_the_state_does_not_allow_changes_nothing(CaseState state, CaseChangeSpecs.Row row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var current = row.Given(InState(state));
        var request = row.Request(current);

        if (request is CaseRequest.ByAlarm)
        {
            // The sweeper's act is left out; its clock keeps its bookkeeping (see AutomaticChangeSpecs).
            var change = ((ChangeOutcome.Changed)CaseChanges.Decide(current, request, CaseClocks.Read(Rules, row.Clocks ?? ClocksIn(CaseState.Dispatched)), Now)).Change;
            Assert.That(change.Steps, Is.Empty);
            return;
        }

        var refusal = CaseChanges.Refusal(current, request, Now);
        var outcome = CaseChanges.Decide(current, request, CaseClocks.Unread(Rules), Now);

        Assert.Multiple(() =>
        {
            Assert.That(outcome, Is.TypeOf<ChangeOutcome.Refused>());
            var decision = ((ChangeOutcome.Refused)outcome).Decision;
            Assert.That((decision.State, decision.Action), Is.EqualTo((state, row.Action)));
            Assert.That(decision.AllowedNow, Is.EquivalentTo(CaseLifecycle.AllowedIn(state)));
            Assert.That(refusal is ChangeOutcome.Refused { Decision: var early } ? (early.State, early.Action, early.Reason) : default,
                Is.EqualTo((decision.State, decision.Action, decision.Reason)), "refused before any clock is read");
        });
    }

    private static readonly Catalogue WithHealthClosed = new(
        DemoCatalogue.Instance.Departments.Values.Select(d => d.Code == "HEALTH" ? d with { Active = false } : d),
        DemoCatalogue.Instance.Areas.Values, DemoCatalogue.Instance.Categories.Values);

    /// <summary>A request the state allows but that asks what cannot be done, the field and the problem the person is told.</summary>
    public sealed record Problem(string Name, CaseState State, Func<Case, Case> Given, CaseCommand Command, string Field, string Text)
    {
        public Case? Master { get; init; }

        public Catalogue Catalogue { get; init; } = DemoCatalogue.Instance;

        /// <summary>Who asks; the dispatcher unless a grid's rule depends on who it is.</summary>
        public Actor Actor { get; init; } = Dispatcher;

        /// <summary>The case's uncited files (none of them a photo).</summary>
        public Guid[] Uncited { get; init; } = [];

        /// <summary>The reply clock; null: as the state leaves it.</summary>
        public IReadOnlyList<CaseClock>? Clocks { get; init; }

        /// <summary>Only the clocks can tell: the unit of work reads them before this is known.</summary>
        public bool NeedsClocks { get; init; }

        public override string ToString() => Name;
    }

    private static Case Same(Case c) => c;

    private static readonly Guid Pdf = Guid.Parse("0192f0c4-0000-7000-8000-0000000000d1");

    private static IEnumerable<Problem> Problems() =>
    [
        new("A second extension request while one waits", CaseState.Signed, c => c with { PendingExtensionUntil = Now.AddDays(3) },
            new CaseCommand.RequestExtension(Now.AddDays(5), "再延期"), "until", "An extension request is already waiting for the center's answer."),
        new("An extension to a time already past", CaseState.Signed, Same,
            new CaseCommand.RequestExtension(Now, "延期"), "until", "The proposed deadline must be later than now and than any extension already granted."),
        new("An extension short of the one granted", CaseState.Signed, c => c with { ExtendedUntil = Now.AddDays(5) },
            new CaseCommand.RequestExtension(Now.AddDays(3), "延期"), "until", "The proposed deadline must be later than now and than any extension already granted."),
        new("Approving an extension nobody asked for", CaseState.Signed, Same,
            new CaseCommand.ApproveExtension(null), "extension", "There is no extension request waiting for an answer."),
        new("Refusing an extension nobody asked for", CaseState.Signed, Same,
            new CaseCommand.RefuseExtension("不同意"), "extension", "There is no extension request waiting for an answer."),
        new("Forwarding to the lead department itself", CaseState.Signed, Same,
            new CaseCommand.Forward("UM", null), "departmentCode", "'UM' is not a sub-unit of the lead department UM."),
        new("Forwarding to a department that is not a sub-unit", CaseState.Signed, Same,
            new CaseCommand.Forward("ENV", null), "departmentCode", "'ENV' is not a sub-unit of the lead department UM."),
        new("Forwarding to a grid station of another community", CaseState.Signed, c => c with { LeadDepartmentCode = "GOV", HandlingDepartmentCode = "ST-S01-C01" },
            new CaseCommand.Forward("ST-S02-C01-G01", null), "departmentCode",
            "'ST-S02-C01-G01' is a grid station of ST-S02-C01: only ST-S02-C01, holding the case, forwards to it.")
        {
            Actor = new("bs.handler", Roles.Handler, "ST-S01-C01"),
        },
        new("A community forwarding to anything but its grid stations", CaseState.Signed,
            c => c with { LeadDepartmentCode = "GOV", HandlingDepartmentCode = "ST-S01-C01" },
            new CaseCommand.Forward("ST-S01-C02", null), "departmentCode",
            "'ST-S01-C02' is not a grid station of ST-S01-C01: a community holding a case forwards it only to its grid stations.")
        {
            Actor = new("bs.handler", Roles.Handler, "ST-S01-C01"),
        },
        new("Verifying on site without a photo", CaseState.Signed, Same,
            new CaseCommand.VerifyOnSite("已核实", 30.27, 120.15) { AttachmentIds = [Pdf] }, "attachmentIds",
            $"上门核实 shows the site: name at least one photo among the files on the case (POST /api/cases/{Number}/attachments).")
        {
            Uncited = [Pdf],
        },
        new("Closing on the spot without a photo", CaseState.Filed, Same,
            new CaseCommand.CloseOnSpot("已清理") { AttachmentIds = [Pdf] }, "attachmentIds",
            "就地办结 is closed with its evidence: name at least one photo of what was done.")
        {
            Uncited = [Pdf],
        },
        new("Verifying on site with a file that is not on the case", CaseState.Signed, Same,
            new CaseCommand.VerifyOnSite("已核实", 30.27, 120.15) { AttachmentIds = [Pdf] }, "attachmentIds[0]",
            $"{Pdf} is not a file on this case that no action cites yet: upload it first (POST /api/cases/{Number}/attachments)."),
        new("Dispatching to no department", CaseState.Filed, Same,
            new CaseCommand.Dispatch("NOPE", [], null), "leadDepartmentCode", "'NOPE' is not a department (see GET /api/departments)."),
        new("Dispatching to the center", CaseState.Filed, Same,
            new CaseCommand.Dispatch("CENTER", [], null), "leadDepartmentCode", "The center dispatches cases; it does not handle them."),
        new("Dispatching with an assisting department that is none", CaseState.Filed, Same,
            new CaseCommand.Dispatch("UM", ["ENV", "NOPE"], null), "assistingDepartmentCodes", "'NOPE' is not a department (see GET /api/departments)."),
        new("Re-dispatching to a department no longer active", CaseState.Returned, Same,
            new CaseCommand.Redispatch("HEALTH", [], null), "leadDepartmentCode", "HEALTH is no longer active.") { Catalogue = WithHealthClosed },
        new("Merging into a case that does not exist", CaseState.Filed, Same,
            new CaseCommand.Merge(MasterNumber, null), "masterNumber", $"There is no case {MasterNumber}."),
        new("Merging a case into itself", CaseState.Filed, Same,
            new CaseCommand.Merge(Number, null), "masterNumber", $"Case {Number} is filed; merge into an open case other than this one.")
        {
            Master = InState(CaseState.Filed),
        },
        new("Merging into a closed case", CaseState.Filed, Same,
            new CaseCommand.Merge(MasterNumber, null), "masterNumber", $"Case {MasterNumber} is closed; merge into an open case other than this one.")
        {
            Master = Master with { Status = CaseState.Closed },
        },
        new("Merging into a merged case", CaseState.Filed, Same,
            new CaseCommand.Merge(MasterNumber, null), "masterNumber", $"Case {MasterNumber} is merged; merge into an open case other than this one.")
        {
            Master = Master with { Status = CaseState.Merged },
        },
        new("Closing a complaint on the call", CaseState.Filed, Same,
            new CaseCommand.CloseDirectly("已答复"), "requestType",
            "A complaint or a report concerns someone else and goes to a department; it cannot be closed on the call."),
        new("Closing a report on the call", CaseState.Filed, c => c with { RequestType = "report" },
            new CaseCommand.CloseDirectly("已答复"), "requestType",
            "A complaint or a report concerns someone else and goes to a department; it cannot be closed on the call."),
        new("Citing a knowledge entry that is not published", CaseState.Filed, c => c with { RequestType = "consultation" },
            new CaseCommand.CloseDirectly("已解答") { KnowledgeEntryIds = [7] }, "knowledgeEntryIds[0]",
            "7 is not a published knowledge entry: an answer cites only entries agents can find (GET /api/knowledge/search)."),
        new("Pausing a reply clock already paused", CaseState.Signed, Same,
            new CaseCommand.PauseClock("等待材料"), "clock", "The reply clock is paused; only a running clock can be paused.")
        {
            Clocks = [Clock(ClockKinds.Reply, ClockStates.Paused, Now.AddHours(-5), Now.AddHours(19), pausedAt: Now.AddHours(-1))], NeedsClocks = true,
        },
        new("Pausing when no reply clock runs", CaseState.Signed, Same,
            new CaseCommand.PauseClock("等待材料"), "clock", "The reply clock is not running; only a running clock can be paused.")
        {
            Clocks = [], NeedsClocks = true,
        },
        new("Resuming a reply clock that runs", CaseState.Signed, Same,
            new CaseCommand.ResumeClock(null), "clock", "The reply clock is running; only a paused clock can be resumed.")
        {
            NeedsClocks = true,
        },
    ];

    private static IEnumerable<TestCaseData> EveryProblem() => Problems().Select(p => new TestCaseData(p).SetName(p.Name));

    [TestCaseSource(nameof(EveryProblem))]
    public void A_request_that_cannot_be_carried_out_changes_nothing_and_names_the_field_at_fault(Problem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var current = problem.Given(InState(problem.State));
        var request = new CaseRequest.ByPerson(problem.Command, problem.Actor, problem.Catalogue, problem.Master, MaxVisitAttempts: 3)
        {
            UncitedAttachments = problem.Uncited.ToHashSet(),
        };

        var early = CaseChanges.Refusal(current, request, Now);
        var outcome = CaseChanges.Decide(current, request, CaseClocks.Read(Rules, problem.Clocks ?? ClocksIn(problem.State)), Now);

        var invalid = new ChangeOutcome.Invalid(problem.Field, problem.Text);
        Assert.Multiple(() =>
        {
            Assert.That(outcome, Is.EqualTo(invalid));
            Assert.That(early, problem.NeedsClocks ? Is.Null : Is.EqualTo(invalid),
                problem.NeedsClocks ? "only the clocks tell, so they are read first" : "refused before anything more is read");
        });
    }
}
