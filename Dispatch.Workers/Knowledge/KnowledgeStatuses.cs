namespace Dispatch.Workers.Knowledge;

/// <summary>Where an entry of the knowledge base stands: draft → in review → published → archived (and back to draft when returned).</summary>
public static class KnowledgeStatuses
{
    /// <summary>草稿: its department (or an editor) is writing it; nobody else sees it.</summary>
    public const string Draft = "draft";

    /// <summary>待审核: submitted, waiting for an editor.</summary>
    public const string InReview = "in-review";

    /// <summary>已发布: what agents answer from, within its validity and scope.</summary>
    public const string Published = "published";

    /// <summary>已归档: withdrawn for good; kept with its versions, never deleted.</summary>
    public const string Archived = "archived";

    public static IReadOnlyList<string> All { get; } = [Draft, InReview, Published, Archived];
}
