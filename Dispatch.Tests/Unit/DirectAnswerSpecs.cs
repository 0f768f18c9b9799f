using Dispatch.Contracts;
using Dispatch.Workers.Cases;
using Dispatch.Workers.Deadlines;
using static Dispatch.Tests.Support.ChangeScene;

namespace Dispatch.Tests.Unit;

/// <summary>
/// A call answered on it (直接办结 at intake) through the one place a case changes: filed and closed in one step, audited as both,
/// announcing the close but never <see cref="CaseFiled"/>, moving no clock; refused as close-directly is. And what close-directly
/// records of the knowledge entries it cites.
/// </summary>
[Category("Unit")]
public sealed class DirectAnswerSpecs
{
    private const string Answer = "公积金提取可在线办理，材料为身份证和租房合同";

    private static readonly NewCase Consultation = new("consultation", "100102", "phone", "normal", new Caller("李四", "13900139000", false),
        new CaseLocation("DM", "DM-S02", null, null, null, null, null), "公积金提取", "我想把公积金取出来付房租", "agent:agent1");

    private static CaseRequest.ByPerson Closing(IReadOnlyList<long> cited, params long[] published) =>
        new(new CaseCommand.CloseDirectly(Answer) { KnowledgeEntryIds = cited }, Agent, Catalogue, null, MaxVisitAttempts: 3)
        {
            PublishedEntries = published.ToHashSet(),
        };

    private static readonly Workers.Access.Actor Agent = new("agent1", Workers.Access.Roles.Agent, null);

    private static IReadOnlyList<CaseStep> Filed(FilingDecision decision)
    {
        Assert.That(decision, Is.TypeOf<FilingDecision.Filed>(), () => $"{decision}");
        return ((FilingDecision.Filed)decision).Steps;
    }

    [Test]
    public void A_call_answered_on_it_is_filed_and_closed_in_one_step_audited_as_both()
    {
        var steps = Filed(CaseChanges.FileAndClose(Id, Number, Consultation, Closing([]), Now));

        var closed = new Case(Id, Number, CaseState.Closed, 2, "consultation", "100102", "phone", "normal", Consultation.Caller, Consultation.Location,
            "公积金提取", "我想把公积金取出来付房租", null, [], "agent:agent1", Now, null, Now, Now)
        {
            Reply = Answer, CloseOutcome = CloseOutcomes.Direct,
        };
        Assert.Multiple(() =>
        {
            Assert.That(steps.Select(s => s.Audit), Is.EqualTo(new[]
            {
                new AuditEntry(1, "file", null, "filed", "agent:agent1", null, null, null, null, Now),
                new AuditEntry(2, "close-directly", "filed", "closed", "agent:agent1", Answer, null, null, null, Now),
            }), "filed, then closed directly: one chain, one actor");
            Assert.That(Json(steps[^1].After), Is.EqualTo(Json(closed)), "closed at version 2, no department, no deadline");
            Assert.That(steps[0].After.Version, Is.EqualTo(1));
            Assert.That(steps[^1].Audit.KnowledgeEntryIds, Is.Null, "it cites nothing");
            Assert.That(steps.SelectMany(s => s.Records), Is.Empty);
        });
    }

    [Test]
    public void It_announces_the_close_but_never_CaseFiled_so_the_router_never_sees_it()
    {
        var steps = Filed(CaseChanges.FileAndClose(Id, Number, Consultation, Closing([]), Now));

        Assert.Multiple(() =>
        {
            Assert.That(steps[0].Events, Is.Empty, "no CaseFiled: nothing to route");
            Assert.That(steps[1].Events.Select(Describe), Is.EqualTo(new object[]
            {
                new CaseChanged(Id, Number, "close-directly", "filed", "closed", "agent:agent1", 2, Now),
                new CaseClosed(Id, Number, CloseOutcomes.Direct, Now),
            }.Select(Describe)));
        });
    }

    [Test]
    public void It_cites_the_entries_on_the_close_audit_entry_and_keeps_one_citation_each()
    {
        var steps = Filed(CaseChanges.FileAndClose(Id, Number, Consultation, Closing([12, 7], 7, 12), Now));

        Assert.Multiple(() =>
        {
            Assert.That(steps[1].Audit.KnowledgeEntryIds, Is.EqualTo(new long[] { 12, 7 }), "in the order cited");
            Assert.That(steps[0].Audit.KnowledgeEntryIds, Is.Null);
            var cited = steps[1].Records.OfType<CaseRecord.Cited>().Single();
            Assert.That((cited.EntryIds, cited.CitedBy, cited.At), Is.EqualTo((new long[] { 12, 7 }, "agent:agent1", Now)));
        });
    }

    [TestCase("complaint")]
    [TestCase("report")]
    public void A_complaint_or_a_report_is_refused_naming_the_request_type(string requestType)
    {
        var decision = CaseChanges.FileAndClose(Id, Number, Consultation with { RequestType = requestType }, Closing([]), Now);

        Assert.That(decision, Is.EqualTo(new FilingDecision.Invalid("requestType",
            "A complaint or a report concerns someone else and goes to a department; it cannot be closed on the call.")));
    }

    [Test]
    public void An_entry_that_is_not_published_is_refused_naming_its_position()
    {
        var decision = CaseChanges.FileAndClose(Id, Number, Consultation, Closing([7, 9, 12], 7, 12), Now);

        Assert.That(decision, Is.EqualTo(new FilingDecision.Invalid("knowledgeEntryIds[1]",
            "9 is not a published knowledge entry: an answer cites only entries agents can find (GET /api/knowledge/search).")));
    }

    [Test]
    public void Only_a_direct_answer_closes_a_case_at_intake() =>
        Assert.That(() => CaseChanges.FileAndClose(Id, Number, Consultation,
                new CaseRequest.ByPerson(new CaseCommand.Dispatch("UM", [], null), Agent, Catalogue, null, MaxVisitAttempts: 3), Now),
            Throws.ArgumentException);

    [Test]
    public void Closing_a_filed_case_directly_cites_its_entries_on_the_audit_entry_and_beside_the_case()
    {
        var filed = InState(CaseState.Filed) with { RequestType = "consultation" };

        var outcome = CaseChanges.Decide(filed, Closing([7], 7), CaseClocks.Read(Rules, []), Now);

        var step = ((ChangeOutcome.Changed)outcome).Change.Steps.Single();
        Assert.Multiple(() =>
        {
            Assert.That(step.Audit with { KnowledgeEntryIds = null },
                Is.EqualTo(new AuditEntry(2, "close-directly", "filed", "closed", "agent:agent1", Answer, null, null, null, Now)));
            Assert.That(step.Audit.KnowledgeEntryIds, Is.EqualTo(new long[] { 7 }));
            Assert.That(step.Records, Has.Exactly(1).Matches<CaseRecord.Cited>(c => c.EntryIds.SequenceEqual(new long[] { 7 }) && c.CitedBy == "agent:agent1"));
        });
    }

    [Test]
    public void Closing_a_filed_case_directly_with_an_entry_that_is_not_published_is_refused_before_the_clocks_are_read()
    {
        var filed = InState(CaseState.Filed) with { RequestType = "consultation" };

        var refusal = CaseChanges.Refusal(filed, Closing([7, 8], 7), Now);

        Assert.That(refusal, Is.EqualTo(new ChangeOutcome.Invalid("knowledgeEntryIds[1]",
            "8 is not a published knowledge entry: an answer cites only entries agents can find (GET /api/knowledge/search).")));
    }
}
