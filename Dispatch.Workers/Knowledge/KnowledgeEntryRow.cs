using System.Text.Json;

namespace Dispatch.Workers.Knowledge;

/// <summary>A <c>knowledge_entries</c> row as read, and the one way it becomes a <see cref="KnowledgeEntry"/> (with its scope, read apart).</summary>
internal sealed class KnowledgeEntryRow
{
    /// <summary>The columns as this row reads them: a caller adds <c>from knowledge_entries e</c> and its where clause.</summary>
    public const string SelectColumns = $"""
        select e.id as {nameof(Id)}, e.title as {nameof(Title)}, e.content as {nameof(Content)}, e.keywords as {nameof(Keywords)},
               e.category_code as {nameof(CategoryCode)}, e.material_type as {nameof(MaterialType)}, e.department_code as {nameof(DepartmentCode)},
               e.valid_from as {nameof(ValidFrom)}, e.valid_until as {nameof(ValidUntil)}, e.status as {nameof(Status)}, e.version as {nameof(Version)},
               e.created_at as {nameof(CreatedAt)}, e.created_by as {nameof(CreatedBy)}, e.updated_at as {nameof(UpdatedAt)},
               e.updated_by as {nameof(UpdatedBy)}, e.published_at as {nameof(PublishedAt)}, e.expiry_announced_for as {nameof(ExpiryAnnouncedFor)}
        """;

    public long Id { get; init; }
    public string Title { get; init; } = "";
    public string Content { get; init; } = "";
    public string Keywords { get; init; } = "[]";
    public string CategoryCode { get; init; } = "";
    public string MaterialType { get; init; } = "";
    public string DepartmentCode { get; init; } = "";

    /// <summary>DateOnly from Npgsql, DateTime from SqlClient (as every date column here).</summary>
    public object ValidFrom { get; init; } = default(DateOnly);

    public object? ValidUntil { get; init; }
    public string Status { get; init; } = "";
    public int Version { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public string CreatedBy { get; init; } = "";
    public DateTimeOffset UpdatedAt { get; init; }
    public string UpdatedBy { get; init; } = "";
    public DateTimeOffset? PublishedAt { get; init; }
    public object? ExpiryAnnouncedFor { get; init; }

    public KnowledgeEntry ToEntry(IReadOnlyList<string> scope) =>
        new(Id, Title, Content, JsonSerializer.Deserialize<List<string>>(Keywords) ?? [], CategoryCode, MaterialType, DepartmentCode, scope,
            Date(ValidFrom)!.Value, Date(ValidUntil), Status, Version, CreatedAt, CreatedBy, UpdatedAt, UpdatedBy, PublishedAt, Date(ExpiryAnnouncedFor));

    internal static DateOnly? Date(object? value) => value switch
    {
        null or DBNull => null,
        DateOnly date => date,
        DateTime time => DateOnly.FromDateTime(time),
        _ => throw new InvalidCastException($"A date column gave {value.GetType()}."),
    };

    /// <summary>A date as both drivers take it for a <c>date</c> column.</summary>
    internal static DateTime? Parameter(DateOnly? date) => date?.ToDateTime(TimeOnly.MinValue);
}

/// <summary>A scope row: an area an entry answers for.</summary>
internal sealed class KnowledgeScopeRow
{
    public long EntryId { get; init; }
    public string AreaCode { get; init; } = "";
}
