using System.ComponentModel.DataAnnotations;

namespace Dispatch.Workers.Knowledge;

/// <summary>Section "Knowledge": the expiry notices (Workers) and the search's tuning (Api). Every value has a default.</summary>
public sealed class KnowledgeOptions : IValidatableObject
{
    public const string Section = "Knowledge";

    /// <summary>How many days before its last valid day a published entry's owners are told it expires (<c>KnowledgeEntryExpiring</c>).</summary>
    [Range(1, 366)]
    public int ExpiryNoticeDays { get; set; } = 30;

    /// <summary>Run the expiry notices in this process (the Workers do by default).</summary>
    public bool ExpiryNoticesEnabled { get; set; } = true;

    /// <summary>How often the Workers look for entries to announce, once they have caught up.</summary>
    public TimeSpan ExpiryNoticeInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Entries announced per transaction at most.</summary>
    [Range(1, 10_000)]
    public int ExpiryNoticeBatchSize { get; set; } = 200;

    /// <summary>
    /// The share of a query's weight (the IDF of its terms, words the base has never seen included) an entry must match to be a
    /// result: what keeps a query about something the base does not hold from answering with whatever shares a common word.
    /// </summary>
    [Range(0.0, 1.0)]
    public double SearchMinCoverage { get; set; } = 0.5;

    /// <summary>
    /// Postings a search reads at most: when a query's terms together have more, the most common of them are left out (they separate
    /// entries least); the rarest term is always read. The time of a search grows with the postings it reads (about 1 ms per 1,500 on
    /// the benchmark's machine): this bounds it for a long sentence of common words (docs/knowledge.md).
    /// </summary>
    [Range(1_000, 100_000_000)]
    public int SearchPostingsBudget { get; set; } = 30_000;

    /// <summary>Best-scored candidates checked against validity, scope and category before the answer is cut to its limit.</summary>
    [Range(10, 100_000)]
    public int SearchWindow { get; set; } = 200;

    /// <summary>Searches waiting to be written to <c>knowledge_searches</c> at most; past that the newest are counted and dropped.</summary>
    [Range(100, 1_000_000)]
    public int SearchLogCapacity { get; set; } = 20_000;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ExpiryNoticeInterval <= TimeSpan.Zero)
        {
            yield return new ValidationResult("Knowledge:ExpiryNoticeInterval must be positive.", [nameof(ExpiryNoticeInterval)]);
        }
    }
}
