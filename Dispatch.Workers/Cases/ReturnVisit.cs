namespace Dispatch.Workers.Cases;

/// <summary>One return-visit attempt (回访) as recorded: whether the caller was reached, their answers and comment (null once retention removed it).</summary>
public sealed class ReturnVisit
{
    public int Attempt { get; init; }
    public bool Reached { get; init; }
    public bool? Resolved { get; init; }
    public string? Satisfaction { get; init; }
    public string? Comment { get; init; }
    public string VisitedBy { get; init; } = "";
    public DateTimeOffset VisitedAt { get; init; }
}
