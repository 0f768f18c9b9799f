using Dispatch.Workers.Access;
using Dispatch.Workers.Deadlines;
using Dispatch.Workers.Routing;

namespace Dispatch.Workers.Cases;

/// <summary>
/// What is asked of a case, and by whom: a person's command, the routing rules' decision, a due alarm of one of its clocks, the
/// close of the master it was merged into, or the retention policy. <see cref="CaseChanges.Decide"/> turns each into a change.
/// </summary>
public abstract record CaseRequest
{
    private CaseRequest()
    {
    }

    /// <summary>The lifecycle action the request takes on <paramref name="current"/> (an alarm's first, when it may return the case too).</summary>
    public abstract CaseAction ActionOn(Case current);

    /// <summary>
    /// A person's command (an action endpoint), checked against <paramref name="Catalogue"/>. <paramref name="Master"/> is the case a
    /// merge names, as read (null: no such case, or not a merge); a return visit counts against <paramref name="MaxVisitAttempts"/>.
    /// </summary>
    public sealed record ByPerson(CaseCommand Command, Actor Actor, Catalogue.Catalogue Catalogue, Case? Master, int MaxVisitAttempts) : CaseRequest
    {
        /// <summary>
        /// Of the knowledge entries the command cites (a direct answer's), those that are published, as the unit of work read them:
        /// a direct answer cites only what agents may find. Empty when the command cites none.
        /// </summary>
        public IReadOnlySet<long> PublishedEntries { get; init; } = NoEntries;

        /// <summary>The case's files no action cites yet, as the unit of work read them: only a command that cites files needs them.</summary>
        public IReadOnlySet<Guid> UncitedAttachments { get; init; } = new HashSet<Guid>();

        /// <summary>Of <see cref="UncitedAttachments"/>, the photos: a verification on site and a close on the spot need one.</summary>
        public IReadOnlySet<Guid> UncitedPhotos { get; init; } = new HashSet<Guid>();

        /// <summary>How many files the case carries, as the unit of work read them: only an attachment needs it.</summary>
        public int AttachmentsOnCase { get; init; }

        public override CaseAction ActionOn(Case current) => Command.ActionFor(current, MaxVisitAttempts);
    }

    private static readonly IReadOnlySet<long> NoEntries = new HashSet<long>();

    /// <summary>派单 by the routing rules, as <paramref name="Actor"/> (the router).</summary>
    public sealed record ByRouter(RoutingDecision Decision, string Actor) : CaseRequest
    {
        public override CaseAction ActionOn(Case current) => CaseAction.Dispatch;
    }

    /// <summary>
    /// A due alarm of one of the case's clocks, as <paramref name="Actor"/> (the sweeper), with the policy at the version the clock
    /// started under (null: it no longer exists).
    /// </summary>
    public sealed record ByAlarm(DueAlarm Alarm, SlaPolicy? Policy, string Actor) : CaseRequest
    {
        public override CaseAction ActionOn(Case current) => Alarm.Kind switch
        {
            AlarmKinds.Warning => CaseAction.DeadlineWarning,
            AlarmKinds.Overdue => CaseAction.MarkOverdue,
            _ => CaseAction.Supervise,
        };
    }

    /// <summary>The master case a merged case follows closed, by <paramref name="Actor"/>: the merged case closes with it.</summary>
    public sealed record ByMaster(string MasterNumber, string Actor) : CaseRequest
    {
        public override CaseAction ActionOn(Case current) => CaseAction.CloseWithMaster;
    }

    /// <summary>
    /// The retention policy (<paramref name="DecidedBy"/>, run by <paramref name="Actor"/>): the case closed more than
    /// <paramref name="Months"/> months ago, so its caller's identity goes.
    /// </summary>
    public sealed record ByRetention(int Months, string Actor, string DecidedBy) : CaseRequest
    {
        public override CaseAction ActionOn(Case current) => CaseAction.AnonymiseCaller;
    }
}
