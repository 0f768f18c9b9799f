namespace Dispatch.Workers.Cases;

/// <summary>
/// A <c>cases</c> row as read (with the master's number), and the one way it becomes a <see cref="Case"/>. It mirrors the case on
/// purpose, as a class of its own: the row is flat where the case nests its caller and location, its state is the stored word, and
/// Dapper maps constructor parameters only with exact types, so a row with timestamps is read into properties. Only the mapping
/// lives here; what a case means lives in <see cref="Case"/>.
/// </summary>
internal sealed class CaseRow
{
    /// <summary>The columns of a case as this row reads them: a caller adds <c>from cases</c> (with any lock hint) and its where clause.</summary>
    public const string SelectColumns = $"""
        select id as {nameof(Id)}, number as {nameof(Number)}, status as {nameof(Status)},
               version as {nameof(Version)}, request_type as {nameof(RequestType)},
               category_code as {nameof(CategoryCode)}, channel as {nameof(Channel)}, urgency as {nameof(Urgency)},
               caller_name as {nameof(CallerName)}, caller_phone as {nameof(CallerPhone)},
               caller_confidential as {nameof(CallerConfidential)}, district_code as {nameof(DistrictCode)},
               street_code as {nameof(StreetCode)}, community_code as {nameof(CommunityCode)},
               grid_code as {nameof(GridCode)}, address as {nameof(Address)}, latitude as {nameof(Latitude)},
               longitude as {nameof(Longitude)}, title as {nameof(Title)}, content as {nameof(Content)},
               lead_department_code as {nameof(LeadDepartmentCode)}, filed_by as {nameof(FiledBy)},
               filed_at as {nameof(FiledAt)}, dispatched_at as {nameof(DispatchedAt)},
               closed_at as {nameof(ClosedAt)}, updated_at as {nameof(UpdatedAt)},
               handling_department_code as {nameof(HandlingDepartmentCode)}, master_case_id as {nameof(MasterCaseId)},
               reply as {nameof(Reply)}, pending_extension_until as {nameof(PendingExtensionUntil)},
               extended_until as {nameof(ExtendedUntil)}, visit_attempts as {nameof(VisitAttempts)},
               redo_count as {nameof(RedoCount)}, close_outcome as {nameof(CloseOutcome)},
               signed_at as {nameof(SignedAt)}, resolved_at as {nameof(ResolvedAt)},
               (select m.number from cases m where m.id = cases.master_case_id) as {nameof(MasterNumber)},
               signoff_overdue_at as {nameof(SignOffOverdueAt)}, reply_overdue_at as {nameof(ReplyOverdueAt)},
               next_due_at as {nameof(NextDueAt)}, audit_hash as {nameof(AuditHash)},
               grid_station_code as {nameof(GridStationCode)}, site_visits as {nameof(SiteVisits)},
               patrol_station_code as {nameof(PatrolStationCode)}
        """;

    public Guid Id { get; init; }
    public string Number { get; init; } = "";
    public string Status { get; init; } = "";
    public int Version { get; init; }
    public string RequestType { get; init; } = "";
    public string CategoryCode { get; init; } = "";
    public string Channel { get; init; } = "";
    public string Urgency { get; init; } = "";
    public string? CallerName { get; init; }
    public string? CallerPhone { get; init; }
    public bool CallerConfidential { get; init; }
    public string DistrictCode { get; init; } = "";
    public string? StreetCode { get; init; }
    public string? CommunityCode { get; init; }
    public string? GridCode { get; init; }
    public string? Address { get; init; }
    public double? Latitude { get; init; }
    public double? Longitude { get; init; }
    public string Title { get; init; } = "";
    public string Content { get; init; } = "";
    public string? LeadDepartmentCode { get; init; }
    public string FiledBy { get; init; } = "";
    public DateTimeOffset FiledAt { get; init; }
    public DateTimeOffset? DispatchedAt { get; init; }
    public DateTimeOffset? ClosedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public string? HandlingDepartmentCode { get; init; }
    public Guid? MasterCaseId { get; init; }
    public string? Reply { get; init; }
    public DateTimeOffset? PendingExtensionUntil { get; init; }
    public DateTimeOffset? ExtendedUntil { get; init; }
    public int VisitAttempts { get; init; }
    public int RedoCount { get; init; }
    public string? CloseOutcome { get; init; }
    public DateTimeOffset? SignedAt { get; init; }
    public DateTimeOffset? ResolvedAt { get; init; }
    public string? MasterNumber { get; init; }
    public DateTimeOffset? SignOffOverdueAt { get; init; }
    public DateTimeOffset? ReplyOverdueAt { get; init; }
    public DateTimeOffset? NextDueAt { get; init; }
    public string? AuditHash { get; init; }
    public string? GridStationCode { get; init; }
    public int SiteVisits { get; init; }
    public string? PatrolStationCode { get; init; }

    public Case ToCase(IReadOnlyList<string> assisting) => new(Id, Number, CaseStates.Parse(Status), Version, RequestType,
        CategoryCode, Channel, Urgency, new Caller(CallerName, CallerPhone, CallerConfidential),
        new CaseLocation(DistrictCode, StreetCode, CommunityCode, GridCode, Address, Latitude, Longitude), Title, Content,
        LeadDepartmentCode, assisting, FiledBy, FiledAt, DispatchedAt, ClosedAt, UpdatedAt)
    {
        HandlingDepartmentCode = HandlingDepartmentCode,
        MasterCaseId = MasterCaseId,
        Reply = Reply,
        PendingExtensionUntil = PendingExtensionUntil,
        ExtendedUntil = ExtendedUntil,
        VisitAttempts = VisitAttempts,
        RedoCount = RedoCount,
        CloseOutcome = CloseOutcome,
        SignedAt = SignedAt,
        ResolvedAt = ResolvedAt,
        MasterNumber = MasterNumber,
        SignOffOverdueAt = SignOffOverdueAt,
        ReplyOverdueAt = ReplyOverdueAt,
        NextDueAt = NextDueAt,
        AuditHash = AuditHash,
        GridStationCode = GridStationCode,
        SiteVisits = SiteVisits,
        PatrolStationCode = PatrolStationCode,
    };
}
