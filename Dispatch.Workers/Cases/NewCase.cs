namespace Dispatch.Workers.Cases;

/// <summary>What the agent recorded; everything the API validated before a case exists.</summary>
public sealed record NewCase(
    string RequestType,
    string CategoryCode,
    string Channel,
    string Urgency,
    Caller Caller,
    CaseLocation Location,
    string Title,
    string Content,
    string FiledBy);
