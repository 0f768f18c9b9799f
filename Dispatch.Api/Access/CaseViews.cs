using Dispatch.Api.Apis;
using Dispatch.Workers.Access;
using Dispatch.Workers.Cases;
using Dispatch.Workers.Catalogue;
using Dispatch.Workers.Deadlines;

namespace Dispatch.Api.Access;

/// <summary>
/// A case as one person may see it, with what they may do to it now (<see cref="AllowedActions"/>): the case view, every action's
/// answer and a 409's alternatives are made here, so they always agree. Reads the reply clock only where it decides something
/// (a dispatcher's signed case).
/// </summary>
public sealed class CaseViews(CatalogueStore catalogues, CaseQueries cases, DeadlineRulesStore rules)
{
    public async Task<CaseView> ViewAsync(Case @case, Actor actor, CancellationToken cancellationToken) =>
        CaseView.For(@case, actor, await AllowedAsync(@case, actor, cancellationToken),
            RectificationPhotos.RequiredBy(await rules.GetAsync(cancellationToken), @case) is not null);

    public async Task<IReadOnlyList<string>> AllowedAsync(Case @case, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@case);
        ArgumentNullException.ThrowIfNull(actor);
        var replyClock = AllowedActions.NeedsReplyClock(actor, @case) ? await cases.ReplyClockAsync(@case.Id, cancellationToken) : ReplyClock.None;
        return AllowedActions.ToWire(AllowedActions.For(actor, @case, await catalogues.GetAsync(cancellationToken), replyClock));
    }
}
