using Dispatch.Api.Intake;
using Dispatch.Tests.Support;

namespace Dispatch.Tests.Unit;

[Category("Unit")]
public sealed class FileCaseValidatorSpecs
{
    private static Dictionary<string, string[]> ErrorsFor(FileCaseRequest request) =>
        FileCaseValidator.Validate(request, DemoCatalogue.Instance, "agent:test").Errors;

    private static readonly FileCaseRequest Valid = Requests.NightNoise();
    private static readonly LocationInput Place = Valid.Location!;
    private static readonly CallerInput Person = Valid.Caller!;

    private static IEnumerable<TestCaseData> Rejections()
    {
        TestCaseData Case(string field, FileCaseRequest request, string because) =>
            new TestCaseData(request, field).SetName($"{field}: {because}");

        yield return Case("requestType", Valid with { RequestType = null }, "missing");
        yield return Case("requestType", Valid with { RequestType = "complain" }, "unknown value");
        yield return Case("requestType", Valid with { RequestType = "Complaint" }, "wrong case");
        yield return Case("categoryCode", Valid with { CategoryCode = null }, "missing");
        yield return Case("categoryCode", Valid with { CategoryCode = "999999" }, "not in the catalogue");
        yield return Case("categoryCode", Valid with { CategoryCode = "' or 1=1 --" }, "injection text");
        yield return Case("channel", Valid with { Channel = "" }, "empty");
        yield return Case("channel", Valid with { Channel = "fax" }, "unknown value");
        yield return Case("urgency", Valid with { Urgency = "critical" }, "unknown value");
        yield return Case("title", Valid with { Title = null }, "missing");
        yield return Case("title", Valid with { Title = "   " }, "only white space");
        yield return Case("title", Valid with { Title = new string('噪', 101) }, "too long");
        yield return Case("title", Valid with { Title = "line\nbreak" }, "line break");
        yield return Case("title", Valid with { Title = "bell\u0007" }, "control character");
        yield return Case("content", Valid with { Content = null }, "missing");
        yield return Case("content", Valid with { Content = new string('x', 4001) }, "too long");
        yield return Case("content", Valid with { Content = "nul\0here" }, "NUL character");
        yield return Case("content", Valid with { Content = "broken \ud800 surrogate" }, "lone surrogate");
        yield return Case("caller", Valid with { Caller = null }, "missing");
        yield return Case("caller.name", Valid with { Caller = Person with { Name = new string('名', 51) } }, "too long");
        yield return Case("caller.phone", Valid with { Caller = Person with { Phone = "call me" } }, "not a number");
        yield return Case("caller.phone", Valid with { Caller = Person with { Phone = "12" } }, "too short");
        yield return Case("caller.phone", Valid with { Caller = Person with { Phone = "+86-138-0013-8000-1234-5678" } }, "too long");
        yield return Case("location", Valid with { Location = null }, "missing");
        yield return Case("location.district", Valid with { Location = Place with { District = null } }, "missing");
        yield return Case("location.district", Valid with { Location = Place with { District = "DM-S01" } }, "a street, not a district");
        yield return Case("location.street", Valid with { Location = Place with { Street = "XX" } }, "unknown");
        yield return Case("location.community", Valid with { Location = Place with { Community = "DM-S01-C01" } }, "in another street");
        yield return Case("location.community", Valid with { Location = Place with { Street = null, GridCode = null } }, "without its street");
        yield return Case("location.gridCode", Valid with { Location = Place with { GridCode = "DM-S02-C02-G01" } }, "in another community");
        yield return Case("location.address", Valid with { Location = Place with { Address = new string('路', 201) } }, "too long");
        yield return Case("location.lat", Valid with { Location = Place with { Lat = 90.5 } }, "out of range");
        yield return Case("location.lng", Valid with { Location = Place with { Lng = -181 } }, "out of range");
        yield return Case("location.lng", Valid with { Location = Place with { Lng = null } }, "lat without lng");
        yield return Case("location.lat", Valid with { Location = Place with { Lat = double.NaN } }, "not a number");
        yield return Case("directAnswer.answer", Valid with { DirectAnswer = new(null, [1]) }, "a direct answer without its text");
        yield return Case("directAnswer.answer", Valid with { DirectAnswer = new(" \t", null) }, "a direct answer of white space");
        yield return Case("directAnswer.answer", Valid with { DirectAnswer = new(new string('答', 4001), null) }, "a direct answer too long");
        yield return Case("directAnswer.knowledgeEntryIds", Valid with { DirectAnswer = new("已解答", [.. Enumerable.Range(1, 11).Select(i => (long?)i)]) },
            "more than 10 entries cited");
        yield return Case("directAnswer.knowledgeEntryIds[1]", Valid with { DirectAnswer = new("已解答", [3, 3]) }, "an entry cited twice");
        yield return Case("directAnswer.knowledgeEntryIds[0]", Valid with { DirectAnswer = new("已解答", [0]) }, "an id of 0");
        yield return Case("directAnswer.knowledgeEntryIds[2]", Valid with { DirectAnswer = new("已解答", [1, 2, -5]) }, "a negative id");
        yield return Case("directAnswer.knowledgeEntryIds[0]", Valid with { DirectAnswer = new("已解答", [null]) }, "a null id");
    }

    [TestCaseSource(nameof(Rejections))]
    public void Rejects_an_invalid_field_by_name(FileCaseRequest request, string field)
    {
        var errors = ErrorsFor(request);

        Assert.That(errors.Keys, Is.EquivalentTo(new[] { field }), string.Join("; ", errors.Select(e => $"{e.Key}: {e.Value[0]}")));
        Assert.That(errors[field][0], Is.Not.Empty);
    }

    [Test]
    public void Accepts_a_complete_request_and_keeps_the_text_exactly_as_sent()
    {
        var text = "<script>alert('x')</script> ' ; drop table cases; -- 🚧 噪声";
        var (draft, errors) = FileCaseValidator.Validate(Valid with { Title = text[..40], Content = text }, DemoCatalogue.Instance, "agent:test");

        Assert.Multiple(() =>
        {
            Assert.That(errors, Is.Empty);
            Assert.That(draft!.Content, Is.EqualTo(text));
            Assert.That(draft.Title, Is.EqualTo(text[..40]));
            Assert.That(draft.Location.AreaCodes, Is.EqualTo(new[] { "DM", "DM-S02", "DM-S02-C01", "DM-S02-C01-G01" }));
        });
    }

    [Test]
    public void Accepts_an_anonymous_caller_a_district_only_location_and_defaults_to_normal_urgency()
    {
        var (draft, errors) = FileCaseValidator.Validate(
            Valid with { Caller = new CallerInput(null, null, null), Location = new LocationInput("DM", null, null, null, null, null, null), Urgency = null },
            DemoCatalogue.Instance, "agent:test");

        Assert.Multiple(() =>
        {
            Assert.That(errors, Is.Empty);
            Assert.That(draft!.Urgency, Is.EqualTo("normal"));
            Assert.That(draft.Caller.Confidential, Is.False);
        });
    }

    [Test]
    public void Keeps_a_direct_answer_with_the_entries_it_cites_in_their_order()
    {
        var (draft, errors) = FileCaseValidator.Validate(Valid with { RequestType = "consultation", DirectAnswer = new("公积金可线上提取", [12, 7]) },
            DemoCatalogue.Instance, "agent:test");

        Assert.Multiple(() =>
        {
            Assert.That(errors, Is.Empty);
            Assert.That(draft!.DirectAnswer!.Answer, Is.EqualTo("公积金可线上提取"));
            Assert.That(draft.DirectAnswer.KnowledgeEntryIds, Is.EqualTo(new long[] { 12, 7 }));
            Assert.That(FileCaseValidator.Validate(Valid, DemoCatalogue.Instance, "agent:test").Case!.DirectAnswer, Is.Null, "none unless given");
        });
    }

    [Test]
    public void Reports_every_invalid_field_at_once()
    {
        var errors = ErrorsFor(new FileCaseRequest(null, null, null, null, null, null, null, null));

        Assert.That(errors.Keys, Is.EquivalentTo(new[] { "requestType", "categoryCode", "channel", "caller", "location", "title", "content" }));
    }
}
