namespace Dispatch.Workers.Cases;

/// <summary>
/// The filters of a list of cases (a department's inbox, the center's list); a null filter does not restrict. Without a status, closed
/// and merged cases are left out.
/// </summary>
public sealed record InboxFilter(string? Status, string? CategoryPrefix, string? Urgency, int Page, int PageSize, int? DueWithinHours = null)
{
    /// <summary>True: only cases with an extension request waiting for the center; false: only cases without one.</summary>
    public bool? PendingExtension { get; init; }

    /// <summary>Only cases whose lead department is this one (the center's list).</summary>
    public string? LeadDepartmentCode { get; init; }
}
