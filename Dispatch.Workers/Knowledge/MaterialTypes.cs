namespace Dispatch.Workers.Knowledge;

/// <summary>What kind of material an entry is, as GB/T 44191 sorts a hotline's knowledge.</summary>
public static class MaterialTypes
{
    /// <summary>办事指南: how to get something done (documents, where, how long).</summary>
    public const string Guide = "guide";

    /// <summary>政策法规: what a policy or regulation says.</summary>
    public const string Policy = "policy";

    /// <summary>热点问答: the answer to a question many callers ask now.</summary>
    public const string HotQa = "hot-qa";

    /// <summary>通知公告: a notice (an outage, a deadline, a change of office hours).</summary>
    public const string Notice = "notice";

    public static IReadOnlyList<string> All { get; } = [Guide, Policy, HotQa, Notice];

    /// <summary>The name a Chinese-speaking user reads (exports and imports accept either).</summary>
    public static IReadOnlyDictionary<string, string> ChineseNames { get; } = new Dictionary<string, string>
    {
        [Guide] = "办事指南",
        [Policy] = "政策法规",
        [HotQa] = "热点问答",
        [Notice] = "通知公告",
    };
}
