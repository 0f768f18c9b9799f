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
    string? Urgency,
    DirectAnswerInput? DirectAnswer = null,
    [property: System.ComponentModel.Description("Files uploaded for this call beforehand (POST /api/attachments), by their ids: the case carries them from its filing.")]
    IReadOnlyList<Guid?>? AttachmentIds = null);

/// <summary>
/// The answer the agent gave on the call, and the knowledge entries it cites: the case is filed and closed directly in one step, and
/// never dispatched. Leave it out to file a case for dispatch.
/// </summary>
public sealed record DirectAnswerInput(string? Answer, IReadOnlyList<long?>? KnowledgeEntryIds = null);

public sealed record CallerInput(string? Name, string? Phone, bool? Confidential);

public sealed record LocationInput(
    string? District,
    string? Street,
    string? Community,
    string? GridCode,
    string? Address,
    double? Lat,
    double? Lng);
