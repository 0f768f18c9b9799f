namespace Dispatch.Workers.Cases;

/// <summary>Inbox filters; a null filter does not restrict. Without a status, closed and merged cases are left out.</summary>
public sealed record InboxFilter(string? Status, string? CategoryPrefix, string? Urgency, int Page, int PageSize, int? DueWithinHours = null);
