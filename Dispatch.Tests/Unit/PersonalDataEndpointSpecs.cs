using Dispatch.Api.Privacy;

namespace Dispatch.Tests.Unit;

/// <summary>The endpoint names the personal-data access log records, and which of them its endpoint filter takes.</summary>
[Category("Unit")]
public sealed class PersonalDataEndpointSpecs
{
    [TestCase("GetCase", true)]
    [TestCase("LookUpCaller", true)]
    [TestCase("CaseAction:sign", true)]
    [TestCase("CaseAction:return-visits", true)]
    [TestCase("getcase", false)]
    [TestCase("CaseAction:", false)]
    [TestCase("CaseAction:-sign", false)]
    [TestCase("CaseAction:Sign", false)]
    [TestCase("CaseAction:sign;drop", false)]
    [TestCase("FindCasesByCaller", false)]
    public void A_filter_names_an_endpoint_the_log_records(string name, bool wellFormed)
    {
        Assert.That(PersonalDataEndpoints.IsWellFormed(name), Is.EqualTo(wellFormed));
    }

    [Test]
    public void An_actions_name_is_its_operation_after_the_prefix()
    {
        Assert.That(PersonalDataEndpoints.CaseAction("sign"), Is.EqualTo("CaseAction:sign"));
    }
}
