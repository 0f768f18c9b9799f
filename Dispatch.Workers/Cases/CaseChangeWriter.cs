using System.Data.Common;
using Dapper;
using Dispatch.Workers.Audit;
using Dispatch.Workers.Deadlines;
using Dispatch.Workers.Outbox;
using Dispatch.Workers.Storage;

namespace Dispatch.Workers.Cases;

/// <summary>
/// The one way a case's change is stored, inside the caller's transaction: for each step the case's update (version-checked, or in
/// the batch when the caller holds the row lock, see <see cref="CaseGuard"/>), its assisting departments, the records kept beside
/// it, its audit row sealed onto the case's chain (<see cref="AuditChain"/>) and its outbox rows; then its clocks and their alarms.
/// Everything but a version-checked update goes into the caller's <see cref="SqlBatch"/>, which the caller sends with its own writes.
/// </summary>
public static class CaseChangeWriter
{
    // A case's update, version-checked; with the next deadline when the change knows it (see NextDue.Known): one new version of the row.
    private const string UpdateCaseColumns = """
            update cases set status = @Status, version = @Version, lead_department_code = @LeadDepartmentCode, audit_hash = @AuditHash,
                   handling_department_code = @HandlingDepartmentCode, master_case_id = @MasterCaseId, reply = @Reply,
                   pending_extension_until = @PendingExtensionUntil, extended_until = @ExtendedUntil, visit_attempts = @VisitAttempts,
                   redo_count = @RedoCount, close_outcome = @CloseOutcome, dispatched_at = @DispatchedAt, signed_at = @SignedAt,
                   resolved_at = @ResolvedAt, closed_at = @ClosedAt, updated_at = @UpdatedAt, grid_station_code = @GridStationCode,
                   signoff_overdue_at = @SignOffOverdueAt, reply_overdue_at = @ReplyOverdueAt,
                   return_count = return_count + @Returned, redispatch_count = redispatch_count + @Redispatched,
                   extension_requests = extension_requests + @ExtensionRequested, extension_approvals = extension_approvals + @ExtensionApproved,
                   site_visits = site_visits + @SiteVisits
        """;

    private const string UpdateCase = $"{UpdateCaseColumns}\nwhere id = @Id and version = @ExpectedVersion";

    private const string UpdateCaseAndNextDue = $"{UpdateCaseColumns},\n       next_due_at = @NextDueAt\nwhere id = @Id and version = @ExpectedVersion";

    private static readonly RowInsert AuditRows = new("case_audit",
        ("case_id", typeof(Guid)), ("seq", typeof(int)), ("action", typeof(string)), ("from_state", typeof(string)), ("to_state", typeof(string)),
        ("actor", typeof(string)), ("reason", typeof(string)), ("decided_by", typeof(string)), ("decided_by_id", typeof(long?)),
        ("decided_by_version", typeof(int?)), ("occurred_at", typeof(DateTimeOffset)), ("hash", typeof(string)), ("key_id", typeof(string)),
        ("knowledge_entry_ids", typeof(string)));

    private static readonly RowInsert CitationRows = new("knowledge_citations",
        ("case_id", typeof(Guid)), ("entry_id", typeof(long)), ("cited_at", typeof(DateTimeOffset)), ("cited_by", typeof(string)));

    /// <summary>
    /// Writes <paramref name="change"/>. A version-checked update is a round trip of its own (a case changed meanwhile throws
    /// <see cref="CaseConcurrencyException"/>); everything else goes into <paramref name="writes"/>. Returns the case as stored: a
    /// change chained from it in the same transaction starts from it, as it carries the new head of the audit chain.
    /// </summary>
    public static async Task<Case> WriteAsync(DbConnection connection, DbTransaction transaction, SqlBatch writes, AuditKeyRing keys,
        CaseChange change, CaseGuard guard, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(writes);
        ArgumentNullException.ThrowIfNull(change);
        var before = change.Before;
        var head = before.AuditHash;
        for (var i = 0; i < change.Steps.Count; i++)
        {
            var step = change.Steps[i];
            var next = step.After;
            var (audit, seal) = AuditChain.Append(keys, head, before.Id, step.Audit);
            var nextDue = i == change.Steps.Count - 1 ? change.Clocks.NextDue as NextDue.Known : null;
            var update = nextDue is null ? UpdateCase : UpdateCaseAndNextDue;
            var counters = CaseCounters.Of(before, step);
            var values = new
            {
                Status = next.Status.ToWire(), next.Version, next.LeadDepartmentCode, next.HandlingDepartmentCode, next.MasterCaseId,
                next.Reply, next.PendingExtensionUntil, next.ExtendedUntil, next.VisitAttempts, next.RedoCount, next.CloseOutcome,
                next.DispatchedAt, next.SignedAt, next.ResolvedAt, next.ClosedAt, next.UpdatedAt, next.SignOffOverdueAt, next.ReplyOverdueAt,
                next.GridStationCode, AuditHash = seal.Head, before.Id, ExpectedVersion = before.Version, NextDueAt = nextDue?.At,
                counters.Returned, counters.Redispatched, counters.ExtensionRequested, counters.ExtensionApproved, counters.SiteVisits,
            };
            if (guard == CaseGuard.RowLocked)
            {
                writes.Add(update, values);
            }
            else if (await connection.ExecuteAsync(new CommandDefinition(update, values, transaction, cancellationToken: ct)) != 1)
            {
                throw new CaseConcurrencyException(before.Number, before.Version);
            }

            AddAssisting(writes, before, next);
            foreach (var record in step.Records)
            {
                Add(writes, before.Id, record);
            }

            AddAudit(writes, before.Id, audit, seal);
            foreach (var message in step.Events)
            {
                OutboxWriter.Add(writes, before.Id, message, step.Audit.OccurredAt);
            }

            (before, head) = (next, seal.Head);
        }

        CaseClockStore.Add(writes, change.Before.Id, change.Clocks);
        // The change's last step already carries the case's next due time (CaseChanges sets it wherever the clocks move).
        return change.After with { AuditHash = head };
    }

    /// <summary>
    /// Adds a case as filed (<see cref="CaseChanges.File"/>) to <paramref name="writes"/>: the case, the audit row that starts its
    /// chain and its outbox row. Returns the case as stored, with the head of its chain.
    /// </summary>
    public static Case AddFiled(SqlBatch writes, AuditKeyRing keys, CaseStep filed) => AddFiled(writes, keys, [filed]);

    /// <summary>
    /// Adds a new case to <paramref name="writes"/> as its first steps leave it (filed, and closed directly when the agent answered on
    /// the call: <see cref="CaseChanges.FileAndClose"/>): one insert of the case in its last state — one version of the row, however
    /// many steps — then each step's audit row sealed onto the chain the first starts, its records and its outbox rows. A step after
    /// the filing may move no report counter and no clock (the insert writes neither); closing directly moves none. Returns the case as
    /// stored, with the head of its chain.
    /// </summary>
    public static Case AddFiled(SqlBatch writes, AuditKeyRing keys, IReadOnlyList<CaseStep> steps)
    {
        ArgumentNullException.ThrowIfNull(writes);
        ArgumentNullException.ThrowIfNull(steps);
        if (steps.Count == 0 || steps[0].Audit.Action != CaseAction.File.ToWire())
        {
            throw new ArgumentException("A new case's first step is its filing.", nameof(steps));
        }

        var id = steps[0].After.Id;
        string? head = null;
        var sealedRows = new List<(AuditEntry Audit, Seal Seal)>(steps.Count);
        for (var i = 0; i < steps.Count; i++)
        {
            if (i > 0 && CaseCounters.Of(steps[i - 1].After, steps[i]) != CaseCounters.None)
            {
                throw new ArgumentException($"A step written with its case's filing moves no report counter; '{steps[i].Audit.Action}' does.", nameof(steps));
            }

            var (audit, seal) = AuditChain.Append(keys, head, id, steps[i].Audit);
            sealedRows.Add((audit, seal));
            head = seal.Head;
        }

        var stored = steps[^1].After with { AuditHash = head };
        writes.Add("""
            insert into cases (id, number, status, version, request_type, category_code, channel, urgency,
                               caller_name, caller_phone, caller_confidential, district_code, street_code, community_code, grid_code,
                               address, latitude, longitude, title, content, lead_department_code, reply, close_outcome, filed_by, filed_at,
                               resolved_at, closed_at, updated_at, audit_hash, patrol_station_code)
            values (@Id, @Number, @Status, @Version, @RequestType, @CategoryCode, @Channel, @Urgency,
                    @CallerName, @CallerPhone, @CallerConfidential, @DistrictCode, @StreetCode, @CommunityCode, @GridCode,
                    @Address, @Latitude, @Longitude, @Title, @Content, null, @Reply, @CloseOutcome, @FiledBy, @FiledAt,
                    @ResolvedAt, @ClosedAt, @UpdatedAt, @AuditHash, @PatrolStationCode)
            """,
            new
            {
                stored.Id, stored.Number, Status = stored.Status.ToWire(), stored.Version, stored.RequestType, stored.CategoryCode,
                stored.Channel, stored.Urgency, CallerName = stored.Caller.Name, CallerPhone = stored.Caller.Phone,
                CallerConfidential = stored.Caller.Confidential, stored.Location.DistrictCode, stored.Location.StreetCode,
                stored.Location.CommunityCode, stored.Location.GridCode, stored.Location.Address, stored.Location.Latitude,
                stored.Location.Longitude, stored.Title, stored.Content, stored.Reply, stored.CloseOutcome, stored.FiledBy, stored.FiledAt,
                stored.ResolvedAt, stored.ClosedAt, stored.UpdatedAt, stored.AuditHash, stored.PatrolStationCode,
            });
        for (var i = 0; i < steps.Count; i++)
        {
            foreach (var record in steps[i].Records)
            {
                Add(writes, id, record);
            }

            AddAudit(writes, id, sealedRows[i].Audit, sealedRows[i].Seal);
            foreach (var message in steps[i].Events)
            {
                OutboxWriter.Add(writes, id, message, steps[i].Audit.OccurredAt);
            }
        }

        return stored;
    }

    private static void AddAudit(SqlBatch writes, Guid caseId, AuditEntry entry, Seal seal) =>
        writes.Insert(AuditRows, caseId, entry.Seq, entry.Action, entry.FromState, entry.ToState, entry.Actor, entry.Reason,
            entry.DecidedBy, entry.DecidedById, entry.DecidedByVersion, entry.OccurredAt, seal.Hash, seal.KeyId,
            AuditEntry.FormatEntryIds(entry.KnowledgeEntryIds));

    private static void AddAssisting(SqlBatch writes, Case before, Case next)
    {
        if (before.AssistingDepartmentCodes.SequenceEqual(next.AssistingDepartmentCodes))
        {
            return;
        }

        if (before.AssistingDepartmentCodes.Count > 0)
        {
            writes.Add("delete from case_assisting_departments where case_id = @Id", new { before.Id });
        }

        foreach (var department in next.AssistingDepartmentCodes)
        {
            writes.Add("insert into case_assisting_departments (case_id, department_code) values (@Id, @Department)",
                new { before.Id, Department = department });
        }
    }

    private static void Add(SqlBatch writes, Guid caseId, CaseRecord record)
    {
        switch (record)
        {
            case CaseRecord.Returned r:
                writes.Add("insert into case_returns (case_id, department_code, in_time, returned_at) values (@Id, @Department, @InTime, @Now)",
                    new { Id = caseId, Department = r.DepartmentCode, r.InTime, Now = r.At });
                break;
            case CaseRecord.Visited v:
                writes.Add("""
                    insert into case_visits (case_id, attempt, reached, resolved, satisfaction, comment, department, visited_by, visited_at)
                    values (@CaseId, @Attempt, @Reached, @Resolved, @Satisfaction, @Comment, @Department, @VisitedBy, @VisitedAt)
                    """,
                    new
                    {
                        CaseId = caseId, v.Attempt, v.Reached, v.Resolved, v.Satisfaction, v.Comment, Department = v.DepartmentCode, v.VisitedBy,
                        VisitedAt = v.At,
                    });
                break;
            case CaseRecord.Cited c:
                foreach (var entry in c.EntryIds)
                {
                    writes.Insert(CitationRows, caseId, entry, c.At, c.CitedBy);
                }

                break;
            case CaseRecord.Attached a:
                writes.Add("""
                    insert into case_attachments (id, case_id, sha256, media_type, kind, size_bytes, width, height, thumbnail_sha256, file_name,
                                                  recording_id, origin, uploaded_by, uploaded_at, attached_seq)
                    values (@Id, @CaseId, @Sha256, @MediaType, @Kind, @Size, @Width, @Height, @ThumbnailSha256, @FileName,
                            @RecordingId, @Origin, @UploadedBy, @UploadedAt, @Seq)
                    """,
                    new
                    {
                        a.File.Id, CaseId = caseId, a.File.Sha256, a.File.MediaType, a.File.Kind, a.File.Size, a.File.Width, a.File.Height,
                        a.File.ThumbnailSha256, a.File.FileName, a.File.RecordingId, a.File.Origin, a.UploadedBy, UploadedAt = a.At, a.Seq,
                    });
                break;
            case CaseRecord.StagedFilesAttached staged:
                // Claimed under the lock the filing took when it read them (StagedAttachments.ClaimableAsync).
                foreach (var id in staged.Ids)
                {
                    writes.Add("update case_attachments set case_id = @CaseId, attached_seq = @Seq where id = @Id and case_id is null",
                        new { CaseId = caseId, staged.Seq, Id = id });
                }

                break;
            case CaseRecord.AttachmentReleased released:
                writes.Add("update case_attachments set released_at = @At, released_by = @By where id = @Id and case_id = @CaseId",
                    new { released.At, By = released.ReleasedBy, released.Id, CaseId = caseId });
                break;
            case CaseRecord.AttachmentsCited c:
                foreach (var id in c.Ids)
                {
                    writes.Add("update case_attachments set cited_seq = @Seq, cited_action = @Action where id = @Id and case_id = @CaseId",
                        new { c.Seq, c.Action, Id = id, CaseId = caseId });
                }

                break;
            case CaseRecord.CallerAnonymised a:
                // The case's own update leaves the caller alone; the marker keeps the case from being claimed again.
                writes.Add("update cases set caller_name = null, caller_phone = null, caller_anonymised_at = @Now where id = @Id",
                    new { Now = a.At, Id = caseId });
                writes.Add("update case_visits set comment = null where case_id = @Id and comment is not null", new { Id = caseId });
                // A citizen's photos and recordings are theirs as much as their phone number; the staff's evidence stays. The blobs go
                // with the blob housekeeping once nothing names them (a file the same bytes of which another case keeps stays).
                writes.Add("delete from case_attachments where case_id = @Id and origin = @Caller", new { Id = caseId, Caller = Attachments.AttachmentOrigins.Caller });
                break;
            default:
                throw new InvalidOperationException($"No storage defined for {record.GetType().Name}.");
        }
    }
}
