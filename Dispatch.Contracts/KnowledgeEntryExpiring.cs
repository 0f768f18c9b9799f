namespace Dispatch.Contracts;

/// <summary>
/// A published knowledge entry's last valid day (<paramref name="ValidUntil"/>, the center's local date) is near: its owning department
/// should renew or withdraw it before agents stop finding it. Published once per entry and end of validity; a new end gets its own.
/// </summary>
public sealed record KnowledgeEntryExpiring(
    long EntryId,
    string Title,
    string DepartmentCode,
    DateOnly ValidUntil,
    int DaysLeft,
    DateTimeOffset AnnouncedAt);
