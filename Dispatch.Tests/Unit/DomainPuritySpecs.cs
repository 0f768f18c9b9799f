using Dispatch.Tests.Support;
using Dispatch.Workers.Access;
using Dispatch.Workers.Cases;
using Dispatch.Workers.Deadlines;
using Dispatch.Workers.RepeatCalls;
using Dispatch.Workers.Knowledge;
using Dispatch.Workers.Routing;
using NetArchTest.Rules;

namespace Dispatch.Tests.Unit;

/// <summary>
/// The domain — the case lifecycle, routing, the working calendar, SLA policies and clocks, who may see and do what — is plain code:
/// it names no database driver, no Dapper, no bus and no web framework, so a unit spec drives it without any of them. It shares its
/// folders with the stores (each store beside the code it reads for), so it is a list of types, not a namespace.
/// </summary>
[Category("Unit")]
public sealed class DomainPuritySpecs
{
    private static readonly string[] Infrastructure =
        ["Dapper", "System.Data", "Npgsql", "Microsoft.Data.SqlClient", "MassTransit", "Microsoft.AspNetCore"];

    // Each with the types nested in it (CaseCommand's commands, CaseDecision's outcomes, lambdas and state machines).
    private static readonly Type[] Domain =
    [
        // The lifecycle.
        typeof(CaseLifecycle), typeof(CaseTransition), typeof(CaseDecision), typeof(CaseAction), typeof(CaseActions), typeof(CaseState),
        typeof(CaseStates), typeof(CaseChanges), typeof(CaseRequest), typeof(ChangeOutcome), typeof(CaseChange), typeof(CaseStep), typeof(CaseRecord), typeof(CaseCommand), typeof(Case), typeof(Caller), typeof(CaseLocation),
        typeof(NewCase), typeof(DirectAnswer), typeof(FilingDecision), typeof(CaseCounters), typeof(AuditEntry), typeof(AuditChain), typeof(CaseHead), typeof(StoredAuditRow), typeof(CaseNumber), typeof(ReturnVisit),
        typeof(RequestTypes), typeof(Channels), typeof(Urgencies), typeof(ReturnReasons), typeof(Satisfactions), typeof(CloseOutcomes),
        // Routing.
        typeof(RoutingRule), typeof(RoutingInput), typeof(CaseRouter), typeof(RoutingDecision), typeof(RoutingRuleValidation), typeof(RuleProblem),
        // The working calendar.
        typeof(WorkingCalendar), typeof(TimeFrame), typeof(CalendarDay), typeof(CalendarDayKind), typeof(DayKind), typeof(DayPlan),
        // SLA policies and clocks.
        typeof(SlaPolicy), typeof(SlaLimit), typeof(LimitUnit), typeof(ClockPlan), typeof(ClockChanges), typeof(ClockChange), typeof(Alarm), typeof(AlarmKinds), typeof(ClockKinds),
        typeof(CaseClock), typeof(NextDue), typeof(DeadlineRules), typeof(SlaPolicyValidation), typeof(DeadlineExplanation), typeof(DeadlineStates),
        // Access.
        typeof(CaseAccess), typeof(Actor), typeof(Roles),
        typeof(AllowedActions), typeof(ReplyClock), typeof(PasswordPolicy), typeof(SessionState), typeof(SessionRecord), typeof(Person),
        // Repeat calls: how a call is compared with a case.
        typeof(SimilarityScoring), typeof(SimilaritySignals), typeof(SimilarityReason), typeof(SimilarityReasons), typeof(SimilarityProbe),
        typeof(SimilarityCandidate), typeof(SimilarCase), typeof(TextSignature), typeof(TextRarity), typeof(CandidateText), typeof(GeoCells),
        typeof(AddressKey), typeof(CategoryFamily),
        // The knowledge base: entries, the workflow, who sees what, validation, terms and scoring, snippets.
        typeof(KnowledgeEntry), typeof(KnowledgeDraft), typeof(KnowledgeInput), typeof(KnowledgeVersion), typeof(KnowledgeStatuses), typeof(MaterialTypes),
        typeof(KnowledgeAction), typeof(KnowledgeActions), typeof(KnowledgeWorkflow), typeof(KnowledgeDecision), typeof(KnowledgeAccess),
        typeof(KnowledgeValidation), typeof(KnowledgeFilter), typeof(TextFold), typeof(ChineseWords), typeof(TermScheme), typeof(KnowledgeTerms),
        typeof(QueryTerms), typeof(KnowledgeQueryPlan), typeof(KnowledgeSnippet), typeof(KnowledgeQuery), typeof(KnowledgeResult), typeof(LocalToday),
        typeof(QueryFillers),
    ];

    [Test]
    public void The_domain_names_no_database_driver_Dapper_bus_or_web_framework()
    {
        var deep = new NoDependencyOn(Infrastructure);
        var checkedDeeply = Types.InAssembly(typeof(CaseLifecycle).Assembly).That().MeetCustomRule(new OneOf(Domain)).Should().MeetCustomRule(deep).GetResult();
        var netArchTest = Types.InAssembly(typeof(CaseLifecycle).Assembly).That().MeetCustomRule(new OneOf(Domain)).ShouldNot().HaveDependencyOnAny(Infrastructure).GetResult();

        Assert.Multiple(() =>
        {
            Assert.That(checkedDeeply.IsSuccessful, Is.True, string.Join("\n", deep.Found.Select(f => $"{f.Key} names {string.Join(", ", f.Value)}")));
            Assert.That(netArchTest.FailingTypeNames ?? [], Is.Empty);
            Assert.That(Types.InAssembly(typeof(CaseLifecycle).Assembly).That().MeetCustomRule(new OneOf(Domain)).GetTypes().Count(), Is.EqualTo(Domain.Length),
                "every domain type was found");
        });
    }

    [Test]
    public void The_rule_reports_a_store_that_runs_Dapper()
    {
        var deep = new NoDependencyOn(Infrastructure);
        var checkedDeeply = Types.InAssembly(typeof(CaseWork).Assembly).That().MeetCustomRule(new OneOf(typeof(CaseWork))).Should().MeetCustomRule(deep).GetResult();
        var netArchTest = Types.InAssembly(typeof(CaseWork).Assembly).That().MeetCustomRule(new OneOf(typeof(CaseWork))).ShouldNot().HaveDependencyOnAny(Infrastructure).GetResult();

        Assert.Multiple(() =>
        {
            Assert.That(checkedDeeply.IsSuccessful, Is.False);
            Assert.That(checkedDeeply.FailingTypeNames, Is.EqualTo(new[] { typeof(CaseWork).FullName }));
            Assert.That(deep.Found[typeof(CaseWork).FullName!], Does.Contain("Dapper.SqlMapper").And.Contain("System.Data.Common.DbConnection"));
            Assert.That(netArchTest.FailingTypeNames, Is.EqualTo(new[] { typeof(CaseWork).FullName }));
        });
    }

    [Test]
    public void The_rule_sees_Dapper_inside_an_async_lambda_where_NetArchTest_alone_does_not()
    {
        var deep = new NoDependencyOn("Dapper");
        var checkedDeeply = Types.InAssembly(typeof(DeadlineExplanationStore).Assembly).That().MeetCustomRule(new OneOf(typeof(DeadlineExplanationStore))).Should().MeetCustomRule(deep).GetResult();
        var netArchTest = Types.InAssembly(typeof(DeadlineExplanationStore).Assembly).That().MeetCustomRule(new OneOf(typeof(DeadlineExplanationStore))).ShouldNot().HaveDependencyOn("Dapper").GetResult();

        Assert.Multiple(() =>
        {
            Assert.That(checkedDeeply.IsSuccessful, Is.False, "DeadlineExplanationStore runs Dapper in the lambda it hands Database.ReadAsync");
            Assert.That(netArchTest.IsSuccessful, Is.True, "NetArchTest 1.3.2 does not look there; if it now does, the deep rule may be dropped");
        });
    }

    /// <summary>Selects exactly these types (by full name: several share a short one, such as the ReturnVisit command and record).</summary>
    private sealed class OneOf(params IEnumerable<Type> types) : ICustomRule
    {
        private readonly HashSet<string> _names = [.. types.Select(t => t.FullName!)];

        public bool MeetsRule(Mono.Cecil.TypeDefinition type) => _names.Contains(type.FullName.Replace('/', '+'));
    }
}
