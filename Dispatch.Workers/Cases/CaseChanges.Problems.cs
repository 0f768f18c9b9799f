using Dispatch.Workers.Deadlines;

namespace Dispatch.Workers.Cases;

/// <summary>
/// Why a person's command cannot be done beyond what the lifecycle allows, for <see cref="CaseChanges"/>: each a field at fault and
/// its problem, which the API answers as 422.
/// </summary>
public static partial class CaseChanges
{
    /// <summary>
    /// What a person's command asks that cannot be done, beyond what the lifecycle allows: rules that depend on more than the state
    /// (a pending extension, a sub-unit, an open master case, the kind of request), with the field at fault.
    /// </summary>
    private static (string Field, string Problem)? Problem(Case current, CaseRequest.ByPerson request, DateTimeOffset now)
    {
        var catalogue = request.Catalogue;
        if (request.Command is ICitesAttachments { AttachmentIds: { Count: > 0 } cited })
        {
            for (var i = 0; i < cited.Count; i++)
            {
                if (!request.UncitedAttachments.Contains(cited[i]))
                {
                    return ($"attachmentIds[{i}]",
                        $"{cited[i]} is not a file on this case that no action cites yet: upload it first (POST /api/cases/{current.Number}/attachments).");
                }
            }
        }

        switch (request.Command)
        {
            case CaseCommand.RequestExtension when current.PendingExtensionUntil is not null:
                return ("until", "An extension request is already waiting for the center's answer.");
            case CaseCommand.RequestExtension e when e.Until <= now || (current.ExtendedUntil is { } extended && e.Until <= extended):
                return ("until", "The proposed deadline must be later than now and than any extension already granted.");
            case CaseCommand.ApproveExtension or CaseCommand.RefuseExtension when current.PendingExtensionUntil is null:
                return ("extension", "There is no extension request waiting for an answer.");
            case CaseCommand.Forward f when Access.CaseAccess.ForwardProblem(request.Actor, current, f.DepartmentCode, catalogue) is { } forwardProblem:
                return ("departmentCode", forwardProblem);
            case CaseCommand.VerifyOnSite v when !v.AttachmentIds.Any(request.UncitedPhotos.Contains):
                return ("attachmentIds",
                    $"上门核实 shows the site: name at least one photo among the files on the case (POST /api/cases/{current.Number}/attachments).");
            case CaseCommand.CloseOnSpot c when !c.AttachmentIds.Any(request.UncitedPhotos.Contains):
                return ("attachmentIds", "就地办结 is closed with its evidence: name at least one photo of what was done.");
            case CaseCommand.Dispatch d:
                return AssignmentProblem(catalogue, d.LeadDepartmentCode, d.AssistingDepartmentCodes);
            case CaseCommand.Redispatch d:
                return AssignmentProblem(catalogue, d.LeadDepartmentCode, d.AssistingDepartmentCodes);
            case CaseCommand.Merge m when request.Master is null:
                return ("masterNumber", $"There is no case {m.MasterNumber}.");
            case CaseCommand.Merge when request.Master is { } master && (master.Id == current.Id || master.Status is CaseState.Closed or CaseState.Merged):
                return ("masterNumber", $"Case {master.Number} is {master.Status.ToWire()}; merge into an open case other than this one.");
            case CaseCommand.Reply r when request.PhotosRequiredBy is { } policy && !r.AttachmentIds.Any(request.UncitedPhotos.Contains):
                return ("attachmentIds",
                    $"整改照片: {policy} asks the reply for at least one photo of what was put right: upload it to the case " +
                    $"(POST /api/cases/{current.Number}/attachments) and name it in attachmentIds.");
            case CaseCommand.ReleaseAttachment when !current.Caller.Confidential:
                return ("attachmentId", "The caller is not confidential: the departments that see the case see all its files already.");
            case CaseCommand.ReleaseAttachment r when !request.UnreleasedCallerFiles.Contains(r.AttachmentId):
                return ("attachmentId", $"{r.AttachmentId} is not a file of the caller's on this case waiting to be released.");
            case CaseCommand.Attach a when request.AttachmentsOnCase >= a.MaxPerCase:
                return ("file", $"The case carries {request.AttachmentsOnCase} files already; at most {a.MaxPerCase} (Attachments:MaxPerCase).");
            case CaseCommand.CloseDirectly when current.RequestType is "complaint" or "report":
                return ("requestType", "A complaint or a report concerns someone else and goes to a department; it cannot be closed on the call.");
            case CaseCommand.CloseDirectly c when Unpublished(c.KnowledgeEntryIds, request.PublishedEntries) is { } i:
                return ($"knowledgeEntryIds[{i}]",
                    $"{c.KnowledgeEntryIds[i]} is not a published knowledge entry: an answer cites only entries agents can find (GET /api/knowledge/search).");
            default:
                return null;
        }
    }

    /// <summary>The position of the first cited entry that is not published; null when all are.</summary>
    private static int? Unpublished(IReadOnlyList<long> cited, IReadOnlySet<long> published)
    {
        for (var i = 0; i < cited.Count; i++)
        {
            if (!published.Contains(cited[i]))
            {
                return i;
            }
        }

        return null;
    }

    /// <summary>派单 or 改派 by a dispatcher: to a lead department and optional assisting ones, each a real, active department.</summary>
    private static (string Field, string Problem)? AssignmentProblem(Catalogue.Catalogue catalogue, string lead, IReadOnlyList<string> assisting)
    {
        if (DepartmentProblem(catalogue, lead) is { } leadProblem)
        {
            return ("leadDepartmentCode", leadProblem);
        }

        return assisting.Select(a => DepartmentProblem(catalogue, a)).FirstOrDefault(p => p is not null) is { } assistingProblem
            ? ("assistingDepartmentCodes", assistingProblem)
            : null;
    }

    private static string? DepartmentProblem(Catalogue.Catalogue catalogue, string code) =>
        !catalogue.Departments.TryGetValue(code, out var department) ? $"'{code}' is not a department (see GET /api/departments)."
        : !department.Active ? $"{code} is no longer active."
        : department.Kind == "center" ? "The center dispatches cases; it does not handle them."
        : null;

    /// <summary>Only a running reply clock can be paused, and only a paused one resumed.</summary>
    private static string? ReplyClockProblem(CaseCommand command, IReadOnlyList<CaseClock> clocks)
    {
        var reply = clocks.FirstOrDefault(c => c.Kind == ClockKinds.Reply);
        var pausing = command is CaseCommand.PauseClock;
        var wanted = pausing ? ClockStates.Running : ClockStates.Paused;
        return reply?.State == wanted
            ? null
            : $"The reply clock is {reply?.State ?? "not running"}; only a {wanted} clock can be {(pausing ? "paused" : "resumed")}.";
    }
}
