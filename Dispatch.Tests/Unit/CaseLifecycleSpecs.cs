using Dispatch.Workers.Cases;

namespace Dispatch.Tests.Unit;

/// <summary>Every state × every action: the allowed ones lead where the closed loop says, the rest are refused with reasons.</summary>
[Category("Unit")]
public sealed class CaseLifecycleSpecs
{
    // The whole table, written out independently of the implementation: (state, action) → state.
    private static readonly Dictionary<(CaseState, CaseAction), CaseState> Expected = new()
    {
        [(CaseState.Filed, CaseAction.CloseDirectly)] = CaseState.Closed,
        [(CaseState.Filed, CaseAction.CloseOnSpot)] = CaseState.Closed,
        [(CaseState.Filed, CaseAction.Dispatch)] = CaseState.Dispatched,
        [(CaseState.Filed, CaseAction.Merge)] = CaseState.Merged,
        [(CaseState.Filed, CaseAction.AddNote)] = CaseState.Filed,
        [(CaseState.Filed, CaseAction.Attach)] = CaseState.Filed,
        [(CaseState.Dispatched, CaseAction.Sign)] = CaseState.Signed,
        [(CaseState.Dispatched, CaseAction.Return)] = CaseState.Returned,
        [(CaseState.Dispatched, CaseAction.Merge)] = CaseState.Merged,
        [(CaseState.Dispatched, CaseAction.AddNote)] = CaseState.Dispatched,
        [(CaseState.Dispatched, CaseAction.Attach)] = CaseState.Dispatched,
        [(CaseState.Dispatched, CaseAction.AssistReply)] = CaseState.Dispatched,
        [(CaseState.Dispatched, CaseAction.Urge)] = CaseState.Dispatched,
        [(CaseState.Dispatched, CaseAction.Supervise)] = CaseState.Dispatched,
        [(CaseState.Dispatched, CaseAction.DeadlineWarning)] = CaseState.Dispatched,
        [(CaseState.Dispatched, CaseAction.MarkOverdue)] = CaseState.Dispatched,
        [(CaseState.Signed, CaseAction.Forward)] = CaseState.Dispatched,
        [(CaseState.Signed, CaseAction.Return)] = CaseState.Returned,
        [(CaseState.Signed, CaseAction.Reply)] = CaseState.Resolved,
        [(CaseState.Signed, CaseAction.Merge)] = CaseState.Merged,
        [(CaseState.Signed, CaseAction.AddNote)] = CaseState.Signed,
        [(CaseState.Signed, CaseAction.Attach)] = CaseState.Signed,
        [(CaseState.Signed, CaseAction.VerifyOnSite)] = CaseState.Signed,
        [(CaseState.Signed, CaseAction.AssistReply)] = CaseState.Signed,
        [(CaseState.Signed, CaseAction.RequestExtension)] = CaseState.Signed,
        [(CaseState.Signed, CaseAction.ApproveExtension)] = CaseState.Signed,
        [(CaseState.Signed, CaseAction.RefuseExtension)] = CaseState.Signed,
        [(CaseState.Signed, CaseAction.Urge)] = CaseState.Signed,
        [(CaseState.Signed, CaseAction.Supervise)] = CaseState.Signed,
        [(CaseState.Signed, CaseAction.PauseClock)] = CaseState.Signed,
        [(CaseState.Signed, CaseAction.ResumeClock)] = CaseState.Signed,
        [(CaseState.Signed, CaseAction.DeadlineWarning)] = CaseState.Signed,
        [(CaseState.Signed, CaseAction.MarkOverdue)] = CaseState.Signed,
        [(CaseState.Returned, CaseAction.Redispatch)] = CaseState.Dispatched,
        [(CaseState.Returned, CaseAction.RejectReturn)] = CaseState.Signed,
        [(CaseState.Returned, CaseAction.Merge)] = CaseState.Merged,
        [(CaseState.Returned, CaseAction.AddNote)] = CaseState.Returned,
        [(CaseState.Returned, CaseAction.Attach)] = CaseState.Returned,
        [(CaseState.Resolved, CaseAction.CloseAfterVisit)] = CaseState.Closed,
        [(CaseState.Resolved, CaseAction.Reopen)] = CaseState.Dispatched,
        [(CaseState.Resolved, CaseAction.RecordVisitAttempt)] = CaseState.Resolved,
        [(CaseState.Resolved, CaseAction.CloseUnreachable)] = CaseState.Closed,
        [(CaseState.Resolved, CaseAction.AddNote)] = CaseState.Resolved,
        [(CaseState.Resolved, CaseAction.Attach)] = CaseState.Resolved,
        [(CaseState.Merged, CaseAction.CloseWithMaster)] = CaseState.Closed,
        [(CaseState.Closed, CaseAction.AnonymiseCaller)] = CaseState.Closed,
    };

    private static IEnumerable<TestCaseData> EveryStateAndAction() =>
        from state in CaseStates.All
        from action in CaseActions.All
        select new TestCaseData(state, action).SetName($"{state} x {action}");

    [TestCaseSource(nameof(EveryStateAndAction))]
    public void Decides_every_state_and_action_as_the_closed_loop_says(CaseState state, CaseAction action)
    {
        var decision = CaseLifecycle.Decide(state, action);

        if (Expected.TryGetValue((state, action), out var to))
        {
            Assert.That(decision, Is.EqualTo(new CaseDecision.Allowed(new CaseTransition(state, to, action))));
        }
        else
        {
            var refused = decision as CaseDecision.Refused;
            Assert.That(refused, Is.Not.Null, $"{action} in {state} should be refused");
            Assert.Multiple(() =>
            {
                Assert.That(refused!.State, Is.EqualTo(state));
                Assert.That(refused.Reason, Is.Not.Empty);
                Assert.That(refused.AllowedNow, Is.EquivalentTo(Expected.Keys.Where(k => k.Item1 == state).Select(k => k.Item2)));
            });
        }
    }

    [Test]
    public void Filing_starts_a_case_from_nothing()
    {
        Assert.That(CaseLifecycle.File(), Is.EqualTo(new CaseTransition(null, CaseState.Filed, CaseAction.File)));
    }

    [Test]
    public void A_closed_case_allows_nothing_but_the_retention_policy_and_says_why()
    {
        var refused = (CaseDecision.Refused)CaseLifecycle.Decide(CaseState.Closed, CaseAction.AddNote);
        Assert.Multiple(() =>
        {
            Assert.That(refused.AllowedNow, Is.EqualTo(new[] { CaseAction.AnonymiseCaller }));
            Assert.That(refused.Reason, Does.Contain("closed"));
        });
    }

    [Test]
    public void The_whole_closed_loop_can_be_travelled_including_a_return_and_a_redo()
    {
        CaseAction[] path =
        [
            CaseAction.Dispatch, CaseAction.Sign, CaseAction.Return, CaseAction.Redispatch, CaseAction.Sign, CaseAction.Reply,
            CaseAction.Reopen, CaseAction.Sign, CaseAction.Reply, CaseAction.RecordVisitAttempt, CaseAction.CloseAfterVisit,
        ];
        var state = CaseLifecycle.File().To;
        foreach (var action in path)
        {
            state = ((CaseDecision.Allowed)CaseLifecycle.Decide(state, action)).Transition.To;
        }

        Assert.That(state, Is.EqualTo(CaseState.Closed));
    }

    [Test]
    public void Wire_names_round_trip_and_are_the_domain_words()
    {
        Assert.Multiple(() =>
        {
            Assert.That(CaseStates.All.Select(s => s.ToWire()),
                Is.EqualTo(new[] { "filed", "dispatched", "signed", "returned", "resolved", "closed", "merged" }));
            foreach (var state in CaseStates.All)
            {
                Assert.That(CaseStates.Parse(state.ToWire()), Is.EqualTo(state));
            }

            Assert.That(() => CaseStates.Parse("open"), Throws.TypeOf<FormatException>());
            Assert.That(CaseActions.All.Select(a => a.ToWire()).Distinct().Count(), Is.EqualTo(CaseActions.All.Count));
            Assert.That(CaseAction.VerifyOnSite.ToWire(), Is.EqualTo("verify-on-site"));
            Assert.That(CaseAction.CloseOnSpot.ToWire(), Is.EqualTo("close-on-spot"));
        });
    }
}
