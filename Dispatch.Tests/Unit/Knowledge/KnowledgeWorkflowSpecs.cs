using Dispatch.Workers.Access;
using Dispatch.Workers.Knowledge;

namespace Dispatch.Tests.Unit.Knowledge;

/// <summary>
/// Who may do what to a knowledge entry in which status: every role × action × status, against a table written here independently
/// of <see cref="KnowledgeWorkflow"/>'s. Departments draft and submit; the center's editors review, publish, return, archive and
/// correct; nobody else writes; nothing leaves the archive.
/// </summary>
[Category("Unit")]
public sealed class KnowledgeWorkflowSpecs
{
    // role, action, from → to. Every combination not listed is refused.
    private static readonly string[] Allowed =
    [
        "handler edit      draft      draft",
        "handler submit    draft      in-review",
        "editor  edit      draft      draft",
        "editor  edit      in-review  in-review",
        "editor  edit      published  published",
        "editor  submit    draft      in-review",
        "editor  publish   in-review  published",
        "editor  return    in-review  draft",
        "editor  return    published  draft",
        "editor  archive   draft      archived",
        "editor  archive   in-review  archived",
        "editor  archive   published  archived",
    ];

    // Who may ever take each action (the rest are refused with 403 whatever the status).
    private static readonly Dictionary<KnowledgeAction, string[]> Ever = new()
    {
        [KnowledgeAction.Create] = [Roles.Handler, Roles.Editor],
        [KnowledgeAction.Import] = [Roles.Handler, Roles.Editor],
        [KnowledgeAction.Edit] = [Roles.Handler, Roles.Editor],
        [KnowledgeAction.Submit] = [Roles.Handler, Roles.Editor],
        [KnowledgeAction.Publish] = [Roles.Editor],
        [KnowledgeAction.Return] = [Roles.Editor],
        [KnowledgeAction.Archive] = [Roles.Editor],
    };

    private static readonly KnowledgeAction[] Changes = [KnowledgeAction.Edit, KnowledgeAction.Submit, KnowledgeAction.Publish, KnowledgeAction.Return, KnowledgeAction.Archive];

    public static IEnumerable<TestCaseData> EveryRoleActionAndStatus() =>
        from role in Roles.All
        from action in Changes
        from status in KnowledgeStatuses.All
        select new TestCaseData(role, action, status).SetName($"{role} {action.ToRecord()} while {status}");

    [TestCaseSource(nameof(EveryRoleActionAndStatus))]
    public void Each_role_may_take_exactly_the_listed_actions_in_the_listed_statuses(string role, KnowledgeAction action, string status)
    {
        var verbs = new Dictionary<string, KnowledgeAction>
        {
            ["edit"] = KnowledgeAction.Edit, ["submit"] = KnowledgeAction.Submit, ["publish"] = KnowledgeAction.Publish,
            ["return"] = KnowledgeAction.Return, ["archive"] = KnowledgeAction.Archive,
        };
        var expected = Allowed.Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .FirstOrDefault(p => p[0] == role && verbs[p[1]] == action && p[2] == status);

        var decision = KnowledgeWorkflow.Decide(role, action, status);

        switch (expected)
        {
            case [_, _, _, var to]:
                Assert.That(decision, Is.EqualTo(new KnowledgeDecision.Allowed(to)));
                break;
            case null when Ever[action].Contains(role):
                Assert.That(decision, Is.TypeOf<KnowledgeDecision.NotNow>(), "a role that may take the action, in a status that does not allow it: 409");
                break;
            default:
                Assert.That(decision, Is.TypeOf<KnowledgeDecision.Forbidden>(), "a role that may never take the action: 403");
                break;
        }
    }

    [Test]
    public void The_table_covers_every_allowed_decision_of_the_workflow()
    {
        var decided = from role in Roles.All
                      from action in Changes
                      from status in KnowledgeStatuses.All
                      where KnowledgeWorkflow.Decide(role, action, status) is KnowledgeDecision.Allowed
                      select (role, action, status);

        Assert.That(decided.Count(), Is.EqualTo(Allowed.Length));
    }

    [TestCase(Roles.Agent)]
    [TestCase(Roles.Dispatcher)]
    [TestCase(Roles.Visitor)]
    [TestCase(Roles.Supervisor)]
    [TestCase(Roles.Admin)]
    public void The_centers_desk_supervisors_and_administrators_write_nothing(string role) =>
        Assert.That(KnowledgeActions.All.Where(a => KnowledgeWorkflow.RoleMay(role, a)), Is.Empty);

    [Test]
    public void Creating_and_importing_are_for_handlers_and_editors_and_start_a_draft_unless_an_editor_imports_to_publish()
    {
        Assert.Multiple(() =>
        {
            foreach (var action in new[] { KnowledgeAction.Create, KnowledgeAction.Import })
            {
                Assert.That(Roles.All.Where(r => KnowledgeWorkflow.RoleMay(r, action)), Is.EquivalentTo(Ever[action]), action.ToString());
            }

            Assert.That(KnowledgeWorkflow.Created(Roles.Handler, publish: false), Is.EqualTo(KnowledgeStatuses.Draft));
            Assert.That(KnowledgeWorkflow.Created(Roles.Handler, publish: true), Is.EqualTo(KnowledgeStatuses.Draft), "a department's import goes through review");
            Assert.That(KnowledgeWorkflow.Created(Roles.Editor, publish: false), Is.EqualTo(KnowledgeStatuses.Draft));
            Assert.That(KnowledgeWorkflow.Created(Roles.Editor, publish: true), Is.EqualTo(KnowledgeStatuses.Published));
        });
    }

    [Test]
    public void A_refusal_in_the_wrong_status_says_what_the_role_may_do_now()
    {
        var refused = (KnowledgeDecision.NotNow)KnowledgeWorkflow.Decide(Roles.Editor, KnowledgeAction.Publish, KnowledgeStatuses.Draft);

        Assert.Multiple(() =>
        {
            Assert.That(refused.Reason, Does.Contain("draft"));
            Assert.That(refused.AllowedNow, Is.EquivalentTo(new[] { KnowledgeAction.Edit, KnowledgeAction.Submit, KnowledgeAction.Archive }));
        });
    }

    [Test]
    public void Nothing_comes_back_from_the_archive() =>
        Assert.That(Roles.All.SelectMany(r => KnowledgeWorkflow.Allowed(r, KnowledgeStatuses.Archived)), Is.Empty);
}
