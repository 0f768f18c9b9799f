using Dispatch.Workers.Access;
using Dispatch.Workers.Cases;
using Dispatch.Workers.Catalogue;
using Dispatch.Workers.Storage;
using Microsoft.Extensions.Options;

namespace Dispatch.Workers.Knowledge;

/// <summary>
/// What people do to the knowledge base: create, edit, submit, publish, return, archive, import, draft from a case. Each decides with
/// the pure rules (<see cref="KnowledgeAccess"/>, <see cref="KnowledgeWorkflow"/>, <see cref="KnowledgeValidation"/>) and writes
/// through <see cref="KnowledgeWriter"/> in one transaction, guarded by the entry's version.
/// </summary>
public sealed class KnowledgeWork(Database database, CatalogueStore catalogues, TimeProvider clock, IOptions<HotlineOptions> hotline)
{
    /// <summary>The most rows one import takes.</summary>
    public const int MaxImportRows = 1_000;

    /// <summary>The terms the index is written with (the benchmark compares schemes by setting another).</summary>
    public KnowledgeTerms Terms { get; init; } = KnowledgeTerms.Default;

    private DateOnly Today => LocalToday.Of(clock, hotline.Value);

    public async Task<KnowledgeOutcome<KnowledgeEntry>> CreateAsync(Actor actor, KnowledgeInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!KnowledgeWorkflow.RoleMay(actor.Role, KnowledgeAction.Create))
        {
            return Forbidden<KnowledgeEntry>(KnowledgeAction.Create, actor);
        }

        var catalogue = await catalogues.GetAsync(cancellationToken);
        var (draft, errors) = KnowledgeValidation.Check(input, actor, catalogue, Today);
        if (draft is null)
        {
            return new KnowledgeOutcome<KnowledgeEntry>.Invalid(errors);
        }

        return await WriteNewAsync(actor, [draft], KnowledgeAction.Create, KnowledgeStatuses.Draft, null, "", cancellationToken) switch
        {
            KnowledgeOutcome<IReadOnlyList<KnowledgeEntry>>.Done { Value: [var created] } => new KnowledgeOutcome<KnowledgeEntry>.Done(created),
            KnowledgeOutcome<IReadOnlyList<KnowledgeEntry>>.Invalid invalid => new KnowledgeOutcome<KnowledgeEntry>.Invalid(invalid.Problems),
            KnowledgeOutcome<IReadOnlyList<KnowledgeEntry>>.Conflict conflict => new KnowledgeOutcome<KnowledgeEntry>.Conflict(conflict.Reason, []),
            var other => throw new InvalidOperationException($"Unexpected {other}."),
        };
    }

    /// <summary>
    /// Imports <paramref name="rows"/> as new entries, all or none: every bad row and field is named (<c>rows[12].title</c>), titles
    /// included that another row or an existing entry has. Drafts, unless an editor asks to <paramref name="publish"/> them.
    /// </summary>
    public async Task<KnowledgeOutcome<IReadOnlyList<KnowledgeEntry>>> ImportAsync(Actor actor, IReadOnlyList<KnowledgeInput> rows, bool publish,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(rows);
        if (!KnowledgeWorkflow.RoleMay(actor.Role, KnowledgeAction.Import))
        {
            return Forbidden<IReadOnlyList<KnowledgeEntry>>(KnowledgeAction.Import, actor);
        }

        if (publish && actor.Role != Roles.Editor)
        {
            return new KnowledgeOutcome<IReadOnlyList<KnowledgeEntry>>.Forbidden("Only an editor publishes on import; a department's entries go through review.");
        }

        var catalogue = await catalogues.GetAsync(cancellationToken);
        var today = Today;
        var errors = new Dictionary<string, string[]>();
        var drafts = new List<KnowledgeDraft>();
        var firstRowOfTitle = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < rows.Count; i++)
        {
            var (draft, problems) = KnowledgeValidation.Check(rows[i], actor, catalogue, today, $"rows[{i}].");
            foreach (var (field, messages) in problems)
            {
                errors[field] = messages;
            }

            if (draft is null)
            {
                continue;
            }

            if (firstRowOfTitle.TryGetValue(draft.Title, out var first))
            {
                errors[$"rows[{i}].title"] = [$"rows[{first}] has the same title; titles are unique."];
                continue;
            }

            firstRowOfTitle[draft.Title] = i;
            drafts.Add(draft);
        }

        // Titles other entries have are named in the same answer as every other problem (the write checks again, under its transaction).
        var titled = rows.Select((r, i) => (r.Title, i)).Where(x => x.Title is { Length: > 0 and <= KnowledgeValidation.TitleMaxLength }).ToList();
        var taken = await database.ReadAsync(async (connection, ct) =>
            await KnowledgeStore.TitlesTakenAsync(connection, null, database.Dialect, [.. titled.Select(x => x.Title!)], ct), cancellationToken);
        foreach (var (title, i) in titled.Where(x => taken.ContainsKey(x.Title!)))
        {
            errors.TryAdd($"rows[{i}].title", [$"Entry {taken[title!]} has this title already; titles are unique."]);
        }

        if (errors.Count > 0)
        {
            return new KnowledgeOutcome<IReadOnlyList<KnowledgeEntry>>.Invalid(errors);
        }

        return await WriteNewAsync(actor, drafts, KnowledgeAction.Import, KnowledgeWorkflow.Created(actor.Role, publish), null, "rows[{0}].",
            cancellationToken);
    }

    /// <summary>
    /// A draft from a closed consultation: its title, its category and the answer it was closed with — nothing of the caller. A handler
    /// drafts from a case of their department, for their department; an editor from any, for the department that led it (the center,
    /// for one answered on the call).
    /// </summary>
    public async Task<KnowledgeOutcome<KnowledgeEntry>> DraftFromCaseAsync(Actor actor, Case? found, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!KnowledgeWorkflow.RoleMay(actor.Role, KnowledgeAction.Create))
        {
            return Forbidden<KnowledgeEntry>(KnowledgeAction.Create, actor);
        }

        var catalogue = await catalogues.GetAsync(cancellationToken);
        if (found is null || actor.Role == Roles.Handler && !CaseAccess.CanSee(actor, found, catalogue))
        {
            return new KnowledgeOutcome<KnowledgeEntry>.NotFound("There is no such case.");
        }

        if (found.Status != CaseState.Closed || found.RequestType != "consultation" || found.Reply is not { Length: > 0 } answer)
        {
            return new KnowledgeOutcome<KnowledgeEntry>.Conflict(
                $"Only a closed consultation with its answer becomes an entry; case {found.Number} is a {found.RequestType}, {found.Status.ToWire()}.", []);
        }

        var department = actor.Role == Roles.Handler
            ? actor.DepartmentCode
            : found.LeadDepartmentCode ?? catalogue.Departments.Values.Where(d => d.Kind == "center" && d.Active).Select(d => d.Code).Order(StringComparer.Ordinal).FirstOrDefault();
        var title = Clip(found.Title, KnowledgeValidation.TitleMaxLength);
        var taken = await database.ReadAsync(async (connection, ct) =>
            await KnowledgeStore.TitlesTakenAsync(connection, null, database.Dialect, [title, Numbered(title, found.Number)], ct), cancellationToken);
        if (taken.ContainsKey(title))
        {
            title = Numbered(title, found.Number);
        }

        if (taken.ContainsKey(title))
        {
            return new KnowledgeOutcome<KnowledgeEntry>.Conflict($"An entry drafted from case {found.Number} exists already (id {taken[title]}).", []);
        }

        var input = new KnowledgeInput(title, Clip(answer, KnowledgeValidation.ContentMaxLength), [], found.CategoryCode, MaterialTypes.HotQa, department,
            null, null, null);
        var (draft, errors) = KnowledgeValidation.Check(input, actor, catalogue, Today);
        if (draft is null)
        {
            return new KnowledgeOutcome<KnowledgeEntry>.Invalid(errors);
        }

        return await WriteNewAsync(actor, [draft], KnowledgeAction.Create, KnowledgeStatuses.Draft, $"drafted from case {found.Number}", "",
            cancellationToken) switch
        {
            KnowledgeOutcome<IReadOnlyList<KnowledgeEntry>>.Done { Value: [var created] } => new KnowledgeOutcome<KnowledgeEntry>.Done(created),
            KnowledgeOutcome<IReadOnlyList<KnowledgeEntry>>.Invalid invalid => new KnowledgeOutcome<KnowledgeEntry>.Conflict(
                string.Join(" ", invalid.Problems.Values.SelectMany(m => m)), []),
            KnowledgeOutcome<IReadOnlyList<KnowledgeEntry>>.Conflict conflict => new KnowledgeOutcome<KnowledgeEntry>.Conflict(conflict.Reason, []),
            var other => throw new InvalidOperationException($"Unexpected {other}."),
        };
    }

    /// <summary>A new version of the entry's fields, decided on <paramref name="expectedVersion"/>.</summary>
    public async Task<KnowledgeOutcome<KnowledgeEntry>> EditAsync(Actor actor, long id, int expectedVersion, KnowledgeInput input,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var catalogue = await catalogues.GetAsync(cancellationToken);
        var today = Today;
        return await ChangeAsync(actor, id, expectedVersion, KnowledgeAction.Edit, null, catalogue, today, current =>
        {
            var (draft, errors) = KnowledgeValidation.Check(input with { DepartmentCode = input.DepartmentCode ?? current.DepartmentCode }, actor, catalogue, today);
            return draft is null ? (null, errors) : (draft, errors);
        }, cancellationToken);
    }

    /// <summary>Submit, publish, return (with a reason) or archive, decided on <paramref name="expectedVersion"/>.</summary>
    public async Task<KnowledgeOutcome<KnowledgeEntry>> ActAsync(Actor actor, long id, int expectedVersion, KnowledgeAction action, string? reason,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (action is KnowledgeAction.Edit || KnowledgeWorkflow.Creates(action))
        {
            throw new ArgumentException($"{action} is not a change of status.", nameof(action));
        }

        var catalogue = await catalogues.GetAsync(cancellationToken);
        return await ChangeAsync(actor, id, expectedVersion, action, reason, catalogue, Today, current => (current.ToDraft(), []), cancellationToken);
    }

    private async Task<KnowledgeOutcome<KnowledgeEntry>> ChangeAsync(Actor actor, long id, int expectedVersion, KnowledgeAction action, string? reason,
        Catalogue.Catalogue catalogue, DateOnly today, Func<KnowledgeEntry, (KnowledgeDraft? Draft, Dictionary<string, string[]> Errors)> fields,
        CancellationToken cancellationToken)
    {
        if (!KnowledgeWorkflow.RoleMay(actor.Role, action))
        {
            return Forbidden<KnowledgeEntry>(action, actor);
        }

        try
        {
            return await database.InTransactionAsync<KnowledgeOutcome<KnowledgeEntry>>(async (connection, transaction, ct) =>
            {
                var current = await KnowledgeStore.FindAsync(connection, transaction, id, ct);
                if (current is null || !KnowledgeAccess.CanSee(actor, current, catalogue, today))
                {
                    return new KnowledgeOutcome<KnowledgeEntry>.NotFound($"There is no knowledge entry {id}.");
                }

                switch (KnowledgeWorkflow.Decide(actor.Role, action, current.Status))
                {
                    case KnowledgeDecision.Forbidden forbidden:
                        return new KnowledgeOutcome<KnowledgeEntry>.Forbidden(forbidden.Reason);
                    case KnowledgeDecision.NotNow notNow:
                        return new KnowledgeOutcome<KnowledgeEntry>.Conflict(notNow.Reason, [.. notNow.AllowedNow.Select(a => a.ToRecord())]);
                    case KnowledgeDecision.Allowed when current.Version != expectedVersion:
                        return Stale(current);
                    case KnowledgeDecision.Allowed allowed:
                        var (draft, errors) = fields(current);
                        if (draft is null)
                        {
                            return new KnowledgeOutcome<KnowledgeEntry>.Invalid(errors);
                        }

                        if (draft.Title != current.Title
                            && (await KnowledgeStore.TitlesTakenAsync(connection, transaction, database.Dialect, [draft.Title], ct)).TryGetValue(draft.Title, out var other))
                        {
                            return new KnowledgeOutcome<KnowledgeEntry>.Invalid(new Dictionary<string, string[]>
                            {
                                ["title"] = [$"Entry {other} has this title already; titles are unique."],
                            });
                        }

                        var after = current.Changed(draft, allowed.To, actor.ToString(), clock.GetUtcNow());
                        var writes = new SqlBatch();
                        if (!await KnowledgeWriter.UpdateAsync(connection, transaction, database.Dialect, writes, current, after, action, reason, Terms, ct))
                        {
                            return Stale(current);
                        }

                        await writes.ExecuteAsync(connection, transaction, ct);
                        return new KnowledgeOutcome<KnowledgeEntry>.Done(after);
                    default:
                        throw new InvalidOperationException("Unexpected decision.");
                }
            }, cancellationToken, commitWhen: outcome => outcome is KnowledgeOutcome<KnowledgeEntry>.Done);
        }
        catch (Exception e) when (database.Dialect.IsUniqueViolation(e))
        {
            return new KnowledgeOutcome<KnowledgeEntry>.Conflict("Another entry took this title meanwhile; choose another.", []);
        }
    }

    private async Task<KnowledgeOutcome<IReadOnlyList<KnowledgeEntry>>> WriteNewAsync(Actor actor, List<KnowledgeDraft> drafts,
        KnowledgeAction action, string status, string? reason, string rowPrefix, CancellationToken cancellationToken)
    {
        try
        {
            return await database.InTransactionAsync<KnowledgeOutcome<IReadOnlyList<KnowledgeEntry>>>(async (connection, transaction, ct) =>
            {
                var taken = await KnowledgeStore.TitlesTakenAsync(connection, transaction, database.Dialect, [.. drafts.Select(d => d.Title)], ct);
                if (taken.Count > 0)
                {
                    return new KnowledgeOutcome<IReadOnlyList<KnowledgeEntry>>.Invalid(drafts
                        .Select((d, i) => (d, i)).Where(x => taken.ContainsKey(x.d.Title))
                        .ToDictionary(x => string.Format(System.Globalization.CultureInfo.InvariantCulture, rowPrefix, x.i) + "title",
                            x => new[] { $"Entry {taken[x.d.Title]} has this title already; titles are unique." }));
                }

                var now = clock.GetUtcNow();
                var writes = new SqlBatch();
                var created = new List<KnowledgeEntry>(drafts.Count);
                foreach (var draft in drafts)
                {
                    created.Add(await KnowledgeWriter.InsertAsync(connection, transaction, database.Dialect, writes,
                        KnowledgeEntry.New(draft, status, actor.ToString(), now), action, reason, Terms, ct));
                }

                await writes.ExecuteAsync(connection, transaction, ct);
                return new KnowledgeOutcome<IReadOnlyList<KnowledgeEntry>>.Done(created);
            }, cancellationToken, commitWhen: outcome => outcome is KnowledgeOutcome<IReadOnlyList<KnowledgeEntry>>.Done);
        }
        catch (Exception e) when (database.Dialect.IsUniqueViolation(e))
        {
            return new KnowledgeOutcome<IReadOnlyList<KnowledgeEntry>>.Conflict("Another entry took one of these titles meanwhile; nothing was saved.", []);
        }
    }

    private static KnowledgeOutcome<KnowledgeEntry> Stale(KnowledgeEntry current) =>
        new KnowledgeOutcome<KnowledgeEntry>.Conflict(
            $"The entry is at version {current.Version} ({current.Status}, by {current.UpdatedBy}): reload it and decide again.", []);

    private static KnowledgeOutcome<T> Forbidden<T>(KnowledgeAction action, Actor actor)
    {
        var roles = KnowledgeWorkflow.RolesFor(action);
        return new KnowledgeOutcome<T>.Forbidden($"Only {string.Join(" or ", roles)} may '{action.ToRecord()}' entries, not {actor.Role}.");
    }

    private static string Numbered(string title, string number)
    {
        var suffix = $"（工单{number}）";
        return Clip(title, KnowledgeValidation.TitleMaxLength - suffix.Length) + suffix;
    }

    private static string Clip(string text, int length) => text.Length <= length ? text : text[..length];
}
