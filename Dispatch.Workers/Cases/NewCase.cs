using System.Text.Json.Serialization;

namespace Dispatch.Workers.Cases;

/// <summary>
/// What the agent recorded, with the answer given on the call if any; everything the API validated before a case exists. The caller's words that a <see cref="Case"/> keeps
/// bear the same names there, but a filing has no id, number, state or version yet: <see cref="CaseChanges.File"/> is the one place
/// it becomes a case.
/// </summary>
public sealed record NewCase(
    string RequestType,
    string CategoryCode,
    string Channel,
    string Urgency,
    Caller Caller,
    CaseLocation Location,
    string Title,
    string Content,
    string FiledBy,
    // Left out of the JSON when absent: an intake's idempotency hash is the draft's JSON, and a filing without an answer keeps
    // the hash it had before answers existed.
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DirectAnswer? DirectAnswer = null)
{
    /// <summary>The grid station whose worker files it from a patrol (巡查上报); null for an intake (and then left out of the JSON, as above).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? PatrolStationCode { get; init; }

    /// <summary>Files uploaded before the filing (<see cref="Attachments.StagedAttachments"/>) the case carries from its start; null: none.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<Guid>? AttachmentIds { get; init; }
}
