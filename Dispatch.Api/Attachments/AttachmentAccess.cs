using Dispatch.Workers.Access;
using Dispatch.Workers.Attachments;
using Dispatch.Workers.Cases;

namespace Dispatch.Api.Attachments;

/// <summary>
/// Who sees a file on a case they see: everyone, except that a confidential caller's own files (a photo they sent, their voice on
/// the recording) are the center's only — a department sees them once the center releases them. Pure.
/// </summary>
public static class AttachmentAccess
{
    public static bool MaySee(Actor actor, Case @case, StoredAttachment file)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(@case);
        ArgumentNullException.ThrowIfNull(file);
        return actor.IsCenter || !@case.Caller.Confidential || !file.IsCallers || file.ReleasedAt is not null;
    }

    /// <summary>Whether <paramref name="actor"/> may release <paramref name="file"/> to the departments now (what the release endpoint allows).</summary>
    public static bool MayRelease(Actor actor, Case @case, StoredAttachment file)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(@case);
        ArgumentNullException.ThrowIfNull(file);
        return CaseAccess.RoleMay(actor.Role, CaseAction.ReleaseAttachment) && @case.Caller.Confidential && file.IsCallers && file.ReleasedAt is null
               && CaseLifecycle.Decide(@case.Status, CaseAction.ReleaseAttachment) is CaseDecision.Allowed;
    }
}
