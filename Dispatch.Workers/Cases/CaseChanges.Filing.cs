using Dispatch.Contracts;

namespace Dispatch.Workers.Cases;

/// <summary>
/// The filings among the changes of <see cref="CaseChanges"/>: a case's first steps, which no earlier version of it precedes — a call
/// recorded (受理), answered on it (直接办结), or a grid worker's patrol report, routed or closed on the spot (就地办结).
/// </summary>
public static partial class CaseChanges
{
    /// <summary>
    /// 受理: the case as filed, the audit entry that records it and <see cref="CaseFiled"/>. The files uploaded for it beforehand
    /// (<paramref name="staged"/>, as the filing claimed them) are attached by the same step, and its audit entry names each: an
    /// upload before the case is audited by the filing that takes it.
    /// </summary>
    public static CaseStep File(Guid id, string number, NewCase draft, DateTimeOffset now, IReadOnlyList<Attachments.StoredAttachment>? staged = null)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var transition = CaseLifecycle.File();
        var filed = new Case(id, number, transition.To, 1, draft.RequestType, draft.CategoryCode, draft.Channel, draft.Urgency, draft.Caller,
            draft.Location, draft.Title, draft.Content, null, [], draft.FiledBy, now, null, null, now)
        {
            PatrolStationCode = draft.PatrolStationCode,
        };
        var files = staged is { Count: > 0 } ? "files: " + string.Join("; ", staged.Select(f => f.Described())) : null;
        return new CaseStep(filed,
            new AuditEntry(filed.Version, transition.Action.ToWire(), null, transition.To.ToWire(), draft.FiledBy, files, null, null, null, now),
            [new CaseFiled(id, number, draft.RequestType, draft.CategoryCode, draft.Urgency, now)],
            files is null ? [] : [new CaseRecord.StagedFilesAttached([.. staged!.Select(f => f.Id)], filed.Version)]);
    }

    /// <summary>
    /// 受理 with 直接办结: a call the agent answered on it (a consultation, most often from the knowledge base) is filed and closed
    /// in one step, by the same person, as <paramref name="closing"/> would close the case once filed — and refused as it would be
    /// (a complaint or a report goes to a department; only published knowledge entries are cited). Two audit entries, the filing's
    /// and the close's; the close's <see cref="CaseChanged"/> and <see cref="CaseClosed"/>, but no <see cref="CaseFiled"/>: there is
    /// nothing to route, so the router never sees the case. No clock starts (filing starts none) and none stops.
    /// </summary>
    public static FilingDecision FileAndClose(Guid id, string number, NewCase draft, CaseRequest.ByPerson closing, DateTimeOffset now,
        IReadOnlyList<Attachments.StoredAttachment>? staged = null)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(closing);
        if (closing.Command is not CaseCommand.CloseDirectly)
        {
            throw new ArgumentException($"A case is closed at intake by a direct answer, not by {closing.Command.GetType().Name}.", nameof(closing));
        }

        var filed = File(id, number, draft, now, staged) with { Events = [] };
        switch (Refusal(filed.After, closing, now))
        {
            case ChangeOutcome.Invalid invalid:
                return new FilingDecision.Invalid(invalid.Field, invalid.Problem);
            case ChangeOutcome.Refused refused:
                return new FilingDecision.Invalid("directAnswer", refused.Decision.Reason + ".");
        }

        var transition = ((CaseDecision.Allowed)CaseLifecycle.Decide(filed.After.Status, closing.ActionOn(filed.After))).Transition;
        return new FilingDecision.Filed([filed, ByPerson(filed.After, closing, transition, now)]);
    }

    /// <summary>
    /// 巡查上报: a grid worker's report filed from the field, in the grid of their station (<see cref="NewCase.PatrolStationCode"/>), with
    /// the files they <paramref name="staged"/> (claimed by the filing) attached and named by the filing's sealed audit row. Without
    /// <paramref name="closing"/> it is filed like any case and routed; with it (就地办结, <see cref="CaseCommand.CloseOnSpot"/>), closed on
    /// the spot in the same step, refused as the close would be on the filed case, its photos the close's evidence, never routed (no
    /// <see cref="CaseFiled"/>). No clock starts and none stops.
    /// </summary>
    public static FilingDecision FilePatrolReport(Guid id, string number, NewCase draft, IReadOnlyList<Attachments.StoredAttachment> staged,
        CaseRequest.ByPerson? closing, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(staged);
        if (draft.PatrolStationCode is null || draft.Channel != Channels.GridPatrol)
        {
            throw new ArgumentException("A patrol report names its grid station and comes by the grid-patrol channel.", nameof(draft));
        }

        var filed = File(id, number, draft, now, staged);
        filed = filed with { Audit = filed.Audit with { Reason = $"patrol report (巡查上报) of {draft.PatrolStationCode}; {filed.Audit.Reason}" } };
        if (closing is null)
        {
            return new FilingDecision.Filed([filed]);
        }

        if (closing.Command is not CaseCommand.CloseOnSpot)
        {
            throw new ArgumentException($"A patrol report is closed as filed on the spot, not by {closing.Command.GetType().Name}.", nameof(closing));
        }

        filed = filed with { Events = [] };
        switch (Refusal(filed.After, closing, now))
        {
            case ChangeOutcome.Invalid invalid:
                return new FilingDecision.Invalid(invalid.Field, invalid.Problem);
            case ChangeOutcome.Refused refused:
                return new FilingDecision.Invalid("resolvedOnSpot", refused.Decision.Reason + ".");
        }

        var transition = ((CaseDecision.Allowed)CaseLifecycle.Decide(filed.After.Status, closing.ActionOn(filed.After))).Transition;
        return new FilingDecision.Filed([filed, Cited(ByPerson(filed.After, closing, transition, now), closing.Command)]);
    }
}
