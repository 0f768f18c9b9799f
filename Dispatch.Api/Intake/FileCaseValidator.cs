using System.Text.RegularExpressions;
using Dispatch.Workers.Cases;
using Dispatch.Api.Validation;
using Dispatch.Workers.Catalogue;

namespace Dispatch.Api.Intake;

/// <summary>
/// Checks every field of an intake against the catalogue and sensible limits. Errors are keyed by the
/// field's JSON path (e.g. <c>location.street</c>), as ValidationProblem reports them.
/// Text is stored exactly as sent; only control characters (other than line breaks and tabs in the
/// content) are refused, because no one types them on a call.
/// </summary>
public static partial class FileCaseValidator
{
    public const int TitleMaxLength = 100;
    public const int ContentMaxLength = 4000;
    public const int CallerNameMaxLength = 50;
    public const int AddressMaxLength = 200;

    /// <summary>At most this many files uploaded beforehand, unless the caller says otherwise (Attachments:MaxPerCase's default).</summary>
    public const int DefaultMaxFiles = 20;

    public static (NewCase? Case, Dictionary<string, string[]> Errors) Validate(FileCaseRequest request, Catalogue catalogue, string actor,
        int maxFiles = DefaultMaxFiles)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(catalogue);
        var fields = new Fields();

        var requestType = fields.OneOf("requestType", request.RequestType, RequestTypes.All, required: true);
        var channel = fields.OneOf("channel", request.Channel, Channels.Intake, required: true);
        var urgency = fields.OneOf("urgency", request.Urgency, Urgencies.All, required: false) ?? Urgencies.Normal;

        if (string.IsNullOrEmpty(request.CategoryCode))
        {
            fields.Fail("categoryCode", "The category code is required (see GET /api/categories).");
        }
        else if (!catalogue.Categories.TryGetValue(request.CategoryCode, out var category))
        {
            fields.Fail("categoryCode", $"'{Fields.Shorten(request.CategoryCode)}' is not a category code (see GET /api/categories).");
        }
        else if (!category.Active)
        {
            fields.Fail("categoryCode", $"Category {request.CategoryCode} ({category.Name}) is no longer in use (see GET /api/categories).");
        }

        var title = fields.Text("title", request.Title, TitleMaxLength, required: true, allowLineBreaks: false);
        var content = fields.Text("content", request.Content, ContentMaxLength, required: true, allowLineBreaks: true);

        Caller? caller = null;
        if (request.Caller is null)
        {
            fields.Fail("caller", "The caller is required: {name, phone, confidential}; name and phone may be empty for an anonymous caller.");
        }
        else
        {
            var name = fields.Text("caller.name", request.Caller.Name, CallerNameMaxLength, required: false, allowLineBreaks: false);
            var phone = request.Caller.Phone;
            if (!string.IsNullOrEmpty(phone) && !IsPhoneNumber(phone))
            {
                fields.Fail("caller.phone", "A phone number is 3 to 20 characters: digits, optionally a leading + and dashes (e.g. 13800138000, 0571-87654321, 110).");
            }

            caller = new Caller(NullIfEmpty(name), NullIfEmpty(phone), request.Caller.Confidential ?? false);
        }

        var location = ValidateLocation(request.Location, catalogue, fields);
        var answer = ValidateDirectAnswer(request.DirectAnswer, fields);
        var files = fields.FileIds("attachmentIds", request.AttachmentIds, maxFiles,
            "the id of a file you uploaded for this case beforehand (as POST /api/attachments answered it)");

        return !fields.Ok
            ? (null, fields.Errors)
            : (new NewCase(requestType!, request.CategoryCode!, channel!, urgency, caller!, location!, title!, content!, actor, answer)
            {
                AttachmentIds = files.Count == 0 ? null : files,
            }, fields.Errors);
    }

    /// <summary>The answer given on the call, as close-directly takes one: its text, and at most 10 distinct knowledge entry ids.</summary>
    private static DirectAnswer? ValidateDirectAnswer(DirectAnswerInput? input, Fields fields)
    {
        if (input is null)
        {
            return null;
        }

        var answer = fields.Text("directAnswer.answer", input.Answer, Apis.CaseActionsApi.ReplyMaxLength, required: true, allowLineBreaks: true);
        var cited = fields.Ids("directAnswer.knowledgeEntryIds", input.KnowledgeEntryIds, Apis.CaseActionsApi.MaxCitedEntries);
        return answer is null ? null : new DirectAnswer(answer, cited);
    }

    public static bool IsPhoneNumber(string phone) => phone.Length <= 20 && PhoneNumber().IsMatch(phone);

    private static CaseLocation? ValidateLocation(LocationInput? input, Catalogue catalogue, Fields fields)
    {
        var fail = fields.Fail;
        if (input is null)
        {
            fail("location", "The location is required: at least the district (see GET /api/areas).");
            return null;
        }

        // Each level is checked against its parent only while the levels above it are valid, so one
        // mistake is reported once, where it is, not again at every level below it.
        var ok = true;
        if (string.IsNullOrEmpty(input.District))
        {
            fail("location.district", "The district is required (see GET /api/areas).");
            ok = false;
        }
        else if (!catalogue.IsArea(input.District, AreaLevels.District))
        {
            fail("location.district", $"'{Fields.Shorten(input.District)}' is not a district.");
            ok = false;
        }

        ok = ok && Level("location.street", input.Street, AreaLevels.Street, input.District, "district", catalogue, fail);
        ok = ok && Below("location.community", input.Community, input.Street, "street", fail)
                && Level("location.community", input.Community, AreaLevels.Community, input.Street, "street", catalogue, fail);
        ok = ok && Below("location.gridCode", input.GridCode, input.Community, "community", fail)
                && Level("location.gridCode", input.GridCode, AreaLevels.Grid, input.Community, "community", catalogue, fail);

        var address = fields.Text("location.address", input.Address, AddressMaxLength, required: false, allowLineBreaks: false);
        ok &= address is not null || string.IsNullOrEmpty(input.Address);

        if (input.Lat is null != input.Lng is null)
        {
            fail(input.Lat is null ? "location.lat" : "location.lng", "Coordinates come in pairs: give both lat and lng, or neither.");
            ok = false;
        }

        if (input.Lat is { } lat && (double.IsNaN(lat) || lat is < -90 or > 90))
        {
            fail("location.lat", "Latitude is between -90 and 90 degrees.");
            ok = false;
        }

        if (input.Lng is { } lng && (double.IsNaN(lng) || lng is < -180 or > 180))
        {
            fail("location.lng", "Longitude is between -180 and 180 degrees.");
            ok = false;
        }

        return ok
            ? new CaseLocation(input.District!, NullIfEmpty(input.Street), NullIfEmpty(input.Community), NullIfEmpty(input.GridCode),
                NullIfEmpty(address), input.Lat, input.Lng)
            : null;
    }

    private static bool Below(string field, string? code, string? parentCode, string parentName, Action<string, string> fail)
    {
        if (!string.IsNullOrEmpty(code) && string.IsNullOrEmpty(parentCode))
        {
            fail(field, $"Give the {parentName} too: a lower level is only meaningful inside its {parentName}.");
            return false;
        }

        return true;
    }

    private static bool Level(string field, string? code, string level, string? parentCode, string parentName, Catalogue catalogue,
        Action<string, string> fail)
    {
        if (string.IsNullOrEmpty(code))
        {
            return true;
        }

        if (!catalogue.IsArea(code, level))
        {
            fail(field, $"'{Fields.Shorten(code)}' is not a {level} (see GET /api/areas).");
            return false;
        }

        if (!catalogue.IsArea(code, level, parentCode))
        {
            fail(field, $"'{code}' is not in the given {parentName} '{Fields.Shorten(parentCode)}'.");
            return false;
        }

        return true;
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    [GeneratedRegex(@"^\+?[0-9](?:-?[0-9]){2,19}$")]
    private static partial Regex PhoneNumber();
}
