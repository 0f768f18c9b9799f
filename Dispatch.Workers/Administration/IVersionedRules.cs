using Dispatch.Workers.Routing;

namespace Dispatch.Workers.Administration;

/// <summary>
/// Rules that administrators change one version at a time, each change checked against the whole set and recorded: routing rules
/// (<see cref="RoutingAdministration"/>) and SLA policies (<see cref="Deadlines.SlaAdministration"/>). An edit, an enable or a disable
/// names the version it was decided on; a stale one is a conflict.
/// </summary>
public interface IVersionedRules<in TDraft, TRule, TView>
{
    /// <summary>Every rule, enabled or not, in the order they are tried, with who last changed it and when.</summary>
    Task<IReadOnlyList<TView>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Every version of a rule, oldest first.</summary>
    Task<IReadOnlyList<RuleVersionView>> VersionsAsync(long id, CancellationToken cancellationToken);

    Task<AdminOutcome<TRule>> CreateAsync(TDraft draft, string actor, CancellationToken cancellationToken);

    Task<AdminOutcome<TRule>> EditAsync(long id, int expectedVersion, TDraft draft, string actor, CancellationToken cancellationToken);

    Task<AdminOutcome<TRule>> SetEnabledAsync(long id, int expectedVersion, bool enabled, string actor, CancellationToken cancellationToken);
}
