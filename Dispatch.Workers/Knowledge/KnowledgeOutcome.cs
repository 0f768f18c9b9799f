namespace Dispatch.Workers.Knowledge;

/// <summary>What a change of the knowledge base came to; the API answers each with its status.</summary>
public abstract record KnowledgeOutcome<T>
{
    private KnowledgeOutcome()
    {
    }

    public sealed record Done(T Value) : KnowledgeOutcome<T>;

    /// <summary>No such entry, or not one this person may see (404, as for cases).</summary>
    public sealed record NotFound(string What) : KnowledgeOutcome<T>;

    /// <summary>This role may never do this (403).</summary>
    public sealed record Forbidden(string Reason) : KnowledgeOutcome<T>;

    /// <summary>Not now: a stale version, or the entry's status does not allow it (409), with what is allowed now.</summary>
    public sealed record Conflict(string Reason, IReadOnlyList<string> AllowedNow) : KnowledgeOutcome<T>;

    /// <summary>Refused: each field (JSON path, <c>rows[12].title</c> for an import) with why (400).</summary>
    public sealed record Invalid(IReadOnlyDictionary<string, string[]> Problems) : KnowledgeOutcome<T>;
}
