using System.Text.Json;
using Dispatch.Workers.Access;
using Dispatch.Workers.Catalogue;
using Dispatch.Workers.Storage;
using Microsoft.Extensions.Logging;

namespace Dispatch.Workers.Knowledge;

/// <summary>
/// Publishes the demo district's knowledge base (deploy/seed/knowledge.json, embedded beside demo-district.json) where it is missing:
/// each entry published, owned by its department, with one version 'imported' by <see cref="Actor"/>. Only with the demo district
/// (after <see cref="DemoSeed"/>, whose catalogue it needs), and never over an entry that exists: an entry whose title is taken is
/// left as it is, so seeding again changes nothing and keeps what editors have done since.
/// </summary>
public sealed partial class KnowledgeSeed(Database database, CatalogueStore catalogues, TimeProvider clock, ILogger<KnowledgeSeed> logger)
{
    public const string Actor = "system:seed";

    private const string Resource = "seed/knowledge.json";

    /// <summary>The embedded seed; no entries when this build has none.</summary>
    public static KnowledgeSeedFile Load()
    {
        using var stream = typeof(KnowledgeSeed).Assembly.GetManifestResourceStream(Resource);
        return stream is null
            ? new KnowledgeSeedFile("", [])
            : JsonSerializer.Deserialize<KnowledgeSeedFile>(stream, JsonSerializerOptions.Web) ?? new KnowledgeSeedFile("", []);
    }

    /// <summary>Inserts the seed's missing entries; returns how many.</summary>
    public async Task<int> ApplyAsync(CancellationToken cancellationToken)
    {
        var seed = Load();
        if (seed.Entries.Count == 0)
        {
            return 0;
        }

        // The catalogue as the demo seed has just left it, not a copy from before it.
        catalogues.Invalidate();
        var catalogue = await catalogues.GetAsync(cancellationToken);
        var editor = new Actor("seed", Roles.Editor, null);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var drafts = new List<KnowledgeDraft>();
        foreach (var (entry, i) in seed.Entries.Select((e, i) => (e, i)))
        {
            var (draft, errors) = KnowledgeValidation.Check(entry.ToInput(), editor, catalogue, today, $"entries[{i}].");
            drafts.Add(draft ?? throw new InvalidOperationException(
                $"deploy/seed/knowledge.json: {string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}"))}"));
        }

        var inserted = await database.InTransactionAsync(async (connection, transaction, ct) =>
        {
            var taken = await KnowledgeStore.TitlesTakenAsync(connection, transaction, database.Dialect, [.. drafts.Select(d => d.Title)], ct);
            var now = clock.GetUtcNow();
            var writes = new SqlBatch();
            var count = 0;
            foreach (var draft in drafts.Where(d => !taken.ContainsKey(d.Title)))
            {
                await KnowledgeWriter.InsertAsync(connection, transaction, database.Dialect, writes,
                    KnowledgeEntry.New(draft, KnowledgeStatuses.Published, Actor, now), KnowledgeAction.Import, "the demo district's knowledge base",
                    KnowledgeTerms.Default, ct);
                count++;
            }

            await writes.ExecuteAsync(connection, transaction, ct);
            return count;
        }, cancellationToken);
        LogSeeded(logger, inserted, seed.Entries.Count);
        return inserted;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Knowledge seed applied: {Inserted} of {Total} entries were missing and were published")]
    private static partial void LogSeeded(ILogger logger, int inserted, int total);
}

/// <summary>deploy/seed/knowledge.json.</summary>
public sealed record KnowledgeSeedFile(string Description, IReadOnlyList<KnowledgeSeedEntry> Entries);

/// <summary>An entry of the seed, as an import row would give it.</summary>
public sealed record KnowledgeSeedEntry(
    string Title, string Content, IReadOnlyList<string>? Keywords, string CategoryCode, string MaterialType, string DepartmentCode,
    IReadOnlyList<string>? Scope, string? ValidFrom, string? ValidUntil)
{
    public KnowledgeInput ToInput() => new(Title, Content, Keywords?.Cast<string?>().ToList(), CategoryCode, MaterialType, DepartmentCode,
        Scope?.Cast<string?>().ToList(), ValidFrom, ValidUntil);
}
