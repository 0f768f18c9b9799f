using System.Globalization;
using System.Text.RegularExpressions;
using Dispatch.Api.OpenApi;
using Dispatch.Api.Privacy;
using Dispatch.Api.Validation;
using Dispatch.Workers.Access;
using Dispatch.Workers.Cases;
using Dispatch.Workers.Privacy;
using Dispatch.Workers.Reports;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Dispatch.Api.Apis;

/// <summary>The personal-data access log, for administrators and supervisors: who saw which case's caller, when, through which endpoint.</summary>
public static partial class PersonalDataAccessApi
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    public static IEndpointRouteBuilder MapPersonalDataAccessApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/personal-data-access", List).WithName("ListPersonalDataAccess").WithTags(ApiTags.Privacy)
            .RequireAuthorization(p => p.RequireRole(Roles.Supervisor, Roles.Admin))
            .WithSummary("Who was shown a caller's name or phone, newest first: ?actor=(username)&caseNumber=&endpoint=&from=&to=&page=1&pageSize=50. " +
                         "from and to are instants with an offset (to exclusive) or local dates (both inclusive).");
        return app;
    }

    // Every filter arrives as text, so that a malformed number or instant is a 400 naming its field, not a binding failure.
    public static async Task<Results<Ok<PersonalDataAccessPage>, ValidationProblem>> List(
        string? actor, string? caseNumber, string? endpoint, string? from, string? to, string? page, string? pageSize,
        PersonalDataAccessLog log, IOptions<HotlineOptions> hotline, CancellationToken cancellationToken)
    {
        var fields = new Fields();
        var username = fields.Code("actor", actor, required: false, maxLength: 64);
        if (!string.IsNullOrEmpty(caseNumber) && !CaseNumber.IsWellFormed(caseNumber))
        {
            fields.Fail("caseNumber", "A case number is 12 or more digits: the date (yyMMdd), the day's sequence and a check digit.");
        }

        if (!string.IsNullOrEmpty(endpoint) && !PersonalDataEndpoints.IsWellFormed(endpoint))
        {
            fields.Fail("endpoint", $"One of {PersonalDataEndpoints.GetCase}, {PersonalDataEndpoints.LookUpCaller}, {PersonalDataEndpoints.CallerHistory}, or " +
                                    $"{PersonalDataEndpoints.CaseActionPrefix} and an action (e.g. {PersonalDataEndpoints.CaseAction("sign")}).");
        }

        var zone = hotline.Value.TimeZone;
        var start = Instant(fields, "from", from, zone, endOfDay: false);
        var end = Instant(fields, "to", to, zone, endOfDay: true);
        if (start is not null && end is not null && start >= end)
        {
            fields.Fail("to", "Must come after from.");
        }

        var pageNumber = Number(fields, "page", page, 1, 100_000) ?? 1;
        var size = Number(fields, "pageSize", pageSize, 1, MaxPageSize) ?? DefaultPageSize;
        if (!fields.Ok)
        {
            return TypedResults.ValidationProblem(fields.Errors, title: "The access log was not searched.");
        }

        return TypedResults.Ok(await log.ListAsync(new PersonalDataAccessFilter(username, NullIfEmpty(caseNumber), NullIfEmpty(endpoint),
            start, end, pageNumber, size), cancellationToken));
    }

    /// <summary>
    /// An instant with its offset (2026-05-01T08:00:00+08:00 or ...Z), or a local date in the hotline's time zone: from its start, or
    /// for <paramref name="endOfDay"/> up to its end. A '+' sent unencoded arrives as a space; it is read as the '+' it was.
    /// </summary>
    private static DateTimeOffset? Instant(Fields fields, string field, string? value, TimeZoneInfo zone, bool endOfDay)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) && date.Year is >= 2000 and <= 2100)
        {
            var day = ReportPeriod.Of(date, date, zone);
            return endOfDay ? day.End : day.Start;
        }

        var text = UnencodedPlus().Replace(value, "+$1");
        if (InstantWithOffset().IsMatch(text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant) && instant.Year is >= 2000 and <= 2100)
        {
            return instant.ToUniversalTime();
        }

        fields.Fail(field, "An instant with its offset (2026-05-01T08:00:00+08:00, or Z for UTC; send + as %2B) or a local date (2026-05-01), " +
                           "from 2000 to 2100.");
        return null;
    }

    private static int? Number(Fields fields, string field, string? value, int min, int max)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < min || number > max)
        {
            fields.Fail(field, $"A whole number from {min} to {max}.");
            return null;
        }

        return number;
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex InstantWithOffset();

    [GeneratedRegex(@" (\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex UnencodedPlus();
}
