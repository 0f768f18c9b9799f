namespace Dispatch.Api.Intake;

/// <summary>The body of POST /api/cases. Every field is nullable here so that a missing one is reported by name, not by the JSON reader.</summary>
public sealed record FileCaseRequest(
    string? RequestType,
    string? CategoryCode,
    string? Channel,
    CallerInput? Caller,
    LocationInput? Location,
    string? Title,
    string? Content,
    string? Urgency);

public sealed record CallerInput(string? Name, string? Phone, bool? Confidential);

public sealed record LocationInput(
    string? District,
    string? Street,
    string? Community,
    string? GridCode,
    string? Address,
    double? Lat,
    double? Lng);
