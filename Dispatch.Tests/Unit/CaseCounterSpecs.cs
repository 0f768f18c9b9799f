using Dispatch.Workers.Cases;
using static Dispatch.Tests.Support.ChangeScene;

namespace Dispatch.Tests.Unit;

/// <summary>
/// The report counters a step moves on the case row. 改派量 is "sent to another department": a returned case re-dispatched to the
/// department that returned it is not re-dispatched in that sense, and does not count.
/// </summary>
[Category("Unit")]
public sealed class CaseCounterSpecs
{
    private static CaseStep Step(Case after, string action) =>
        new(after, new AuditEntry(after.Version, action, null, after.Status.ToWire(), "dispatcher:dispatcher1", null, null, null, null, Now), [], []);

    private static readonly Case Returned = InState(CaseState.Returned);

    [Test]
    public void A_re_dispatch_to_another_department_counts()
    {
        var after = Returned with { Status = CaseState.Dispatched, Version = 4, LeadDepartmentCode = "HOUSING" };

        Assert.That(CaseCounters.Of(Returned, Step(after, "redispatch")), Is.EqualTo(new CaseCounters(0, 1, 0, 0)));
    }

    [Test]
    public void A_re_dispatch_back_to_the_department_that_returned_it_does_not()
    {
        var after = Returned with { Status = CaseState.Dispatched, Version = 4, LeadDepartmentCode = Returned.LeadDepartmentCode };

        Assert.That(CaseCounters.Of(Returned, Step(after, "redispatch")), Is.EqualTo(CaseCounters.None));
    }

    [TestCase("return", 1, 0, 0)]
    [TestCase("request-extension", 0, 1, 0)]
    [TestCase("approve-extension", 0, 0, 1)]
    [TestCase("add-note", 0, 0, 0)]
    public void Returns_and_extensions_count_by_their_action(string action, int returned, int requested, int approved)
    {
        var signed = InState(CaseState.Signed);

        Assert.That(CaseCounters.Of(signed, Step(signed with { Version = 4 }, action)), Is.EqualTo(new CaseCounters(returned, 0, requested, approved)));
    }
}
