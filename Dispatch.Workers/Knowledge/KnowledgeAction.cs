namespace Dispatch.Workers.Knowledge;

/// <summary>What someone does to an entry; each is one version of it.</summary>
public enum KnowledgeAction
{
    Create,
    Edit,
    Submit,
    Publish,
    Return,
    Archive,
    Import,
}

public static class KnowledgeActions
{
    public static IReadOnlyList<KnowledgeAction> All { get; } = Enum.GetValues<KnowledgeAction>();

    /// <summary>The action's name in the versions table and the API: created, edited, submitted, published, returned, archived, imported.</summary>
    public static string ToRecord(this KnowledgeAction action) => action switch
    {
        KnowledgeAction.Create => "created",
        KnowledgeAction.Edit => "edited",
        KnowledgeAction.Submit => "submitted",
        KnowledgeAction.Publish => "published",
        KnowledgeAction.Return => "returned",
        KnowledgeAction.Archive => "archived",
        KnowledgeAction.Import => "imported",
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
    };
}
