using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dispatch.Api.Intake;
using Dispatch.Workers.Cases;
using Dispatch.Workers.Catalogue;
using Dispatch.Workers.Outbox;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Dispatch.Api.Apis;

/// <summary>Intake (受理) and reading cases back.</summary>
public static class CasesApi
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    public static IEndpointRouteBuilder MapCasesApi(this IEndpointRouteBuilder app)
    {
        var cases = app.MapGroup("/api/cases").WithTags("Cases");
        cases.MapPost("/", FileCase).WithName("FileCase")
            .WithSummary("Record a call as a case; answers 201 with the case number to read back to the caller.");
        cases.MapGet("/{number}", GetCase).WithName("GetCase");
        cases.MapGet("/{number}/history", GetHistory).WithName("GetCaseHistory")
            .WithSummary("The audit trail of the case, oldest first.");
        return app;
    }

    public static async Task<Results<Created<CaseView>, Ok<CaseView>, ValidationProblem, ProblemHttpResult>> FileCase(
        FileCaseRequest request,
        [FromHeader(Name = IdempotencyKeyHeader)] string? idempotencyKey,
        [AsParameters] IntakeServices services,
        CancellationToken cancellationToken)
    {
        if (idempotencyKey is not null && !IsValidIdempotencyKey(idempotencyKey))
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { [IdempotencyKeyHeader] = ["1 to 100 visible ASCII characters, e.g. a UUID."] },
                title: "The Idempotency-Key header is malformed.");
        }

        var catalogue = await services.Catalogue.GetAsync(cancellationToken);
        var (draft, errors) = FileCaseValidator.Validate(request, catalogue, Actors.Intake);
        if (draft is null)
        {
            return TypedResults.ValidationProblem(errors, title: "The case was not recorded: some fields are invalid.");
        }

        var claim = idempotencyKey is null ? null : new IdempotencyClaim(idempotencyKey, Hash(draft));
        switch (await services.Cases.FileAsync(draft, claim, cancellationToken))
        {
            case FileOutcome.Created created:
                services.Outbox.Notify();
                return TypedResults.Created($"/api/cases/{created.Case.Number}", CaseView.From(created.Case));
            case FileOutcome.Replayed replayed:
                return TypedResults.Ok(CaseView.From(replayed.Case));
            default:
                return TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity,
                    title: "This Idempotency-Key was already used for a different request.",
                    detail: "Use a new key for a new case; reuse a key only to retry exactly the same request.");
        }
    }

    public static async Task<Results<Ok<CaseView>, ProblemHttpResult, ValidationProblem>> GetCase(
        string number, CaseStore cases, CancellationToken cancellationToken)
    {
        if (!CaseNumber.IsWellFormed(number))
        {
            return MalformedNumber();
        }

        return await cases.FindByNumberAsync(number, cancellationToken) is { } found
            ? TypedResults.Ok(CaseView.From(found))
            : UnknownNumber(number);
    }

    public static async Task<Results<Ok<IReadOnlyList<AuditEntry>>, ProblemHttpResult, ValidationProblem>> GetHistory(
        string number, CaseStore cases, CancellationToken cancellationToken)
    {
        if (!CaseNumber.IsWellFormed(number))
        {
            return MalformedNumber();
        }

        return await cases.HistoryAsync(number, cancellationToken) is { } history
            ? TypedResults.Ok(history)
            : UnknownNumber(number);
    }

    internal static ValidationProblem MalformedNumber() => TypedResults.ValidationProblem(
        new Dictionary<string, string[]>
        {
            ["number"] = ["A case number is 12 or more digits: the date (yyMMdd), the day's sequence and a check digit."],
        },
        title: "That is not a case number.");

    internal static ProblemHttpResult UnknownNumber(string number) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such case.", detail: $"There is no case {number}.");

    private static bool IsValidIdempotencyKey(string key) => key.Length is > 0 and <= 100 && key.All(c => c is > ' ' and < '\u007f');

    private static string Hash(NewCase draft) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(draft))));
}

public sealed record IntakeServices(CatalogueStore Catalogue, CaseStore Cases, OutboxSignal Outbox);

/// <summary>A case as the API shows it.</summary>
public sealed record CaseView(
    string Number,
    string Status,
    int Version,
    string RequestType,
    string CategoryCode,
    string Channel,
    string Urgency,
    CallerView Caller,
    LocationView Location,
    string Title,
    string Content,
    string? LeadDepartmentCode,
    IReadOnlyList<string> AssistingDepartmentCodes,
    DateTimeOffset FiledAt,
    DateTimeOffset? DispatchedAt,
    DateTimeOffset? ClosedAt,
    DateTimeOffset UpdatedAt)
{
    public static CaseView From(Case c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return new(c.Number, c.Status.ToWire(), c.Version, c.RequestType, c.CategoryCode, c.Channel, c.Urgency,
            new CallerView(c.Caller.Name, c.Caller.Phone, c.Caller.Confidential),
            new LocationView(c.Location.DistrictCode, c.Location.StreetCode, c.Location.CommunityCode, c.Location.GridCode,
                c.Location.Address, c.Location.Latitude, c.Location.Longitude),
            c.Title, c.Content, c.LeadDepartmentCode, c.AssistingDepartmentCodes, c.FiledAt, c.DispatchedAt, c.ClosedAt, c.UpdatedAt);
    }
}

public sealed record CallerView(string? Name, string? Phone, bool Confidential);

public sealed record LocationView(string District, string? Street, string? Community, string? GridCode, string? Address, double? Lat, double? Lng);

/// <summary>Who acted, until per-user authentication names the person.</summary>
public static class Actors
{
    public const string Intake = "agent:intake-api";
}
