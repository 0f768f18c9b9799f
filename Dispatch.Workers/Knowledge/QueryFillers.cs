namespace Dispatch.Workers.Knowledge;

/// <summary>
/// What a caller says around the point of a question: question words, pronouns, time and degree words, amounts (怎么办, 我们, 明天,
/// 好多, 五十块). A query leaves them out — they neither find an entry nor, being absent from the base, say the query is about
/// something it does not hold — unless the query is nothing else. And the characters (的, 了, 我, 把, 来 …) that make a pair of
/// characters a grammar fragment rather than a word: no bigram with one of them is asked for. Measured on the labelled queries
/// (docs/knowledge.md): tuned there, kept small.
/// </summary>
public static class QueryFillers
{
    private static readonly HashSet<string> Words = new(StringComparer.Ordinal)
    {
        "怎么", "怎么办", "怎样", "怎么样", "如何", "什么", "什么样", "哪里", "哪儿", "哪个", "哪些", "多少", "多久", "为什么", "为何", "是否", "是不是",
        "能不能", "能否", "可以", "可不可以", "有没有", "要不要", "会不会", "需不需要", "不能", "不会", "应该", "需要", "请问", "问问", "问一下", "一下",
        "咨询", "想问", "我们", "你们", "他们", "我家", "自己", "大家", "人家", "这边", "那边", "这里", "那里", "这个", "那个", "这种", "那种", "这样",
        "那样", "这些", "那些", "一个", "现在", "已经", "还是", "还有", "就是", "然后", "以后", "以前", "之前", "之后", "时候", "什么时候", "今天",
        "明天", "昨天", "后天", "前天", "上周", "下周", "最近", "刚才", "刚刚", "天天", "每天", "一直", "好多", "很多", "好几", "一些", "有点", "实在",
        "真的", "特别", "非常", "比较", "差点", "听说", "接着", "事情", "情况", "问题", "办法", "一点", "东西", "不要", "没人", "没人管", "这么",
        "那么", "上面", "下面", "里面",
    };

    private const string Numerals = "零〇一二三四五六七八九十百千万两几半多";

    private const string Measures = "点块元岁天年月日号个次条分斤楼层趟遍周";

    private const string GrammarCharacters = "的了吗呢吧啊呀嘛哦我你他她它们这那想把被就还也都在是有要去来到说很太再又才和与及或给让对从向往该";

    /// <summary>Whether a query leaves out <paramref name="word"/> (a filler, or an amount: 三天, 五十块, 九十岁).</summary>
    public static bool IsFiller(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        return Words.Contains(word) || IsAmount(word);
    }

    /// <summary>Whether <paramref name="bigram"/> holds a grammar character (就没 no, 没水 yes).</summary>
    public static bool IsFragment(string bigram)
    {
        ArgumentNullException.ThrowIfNull(bigram);
        return bigram.Any(c => GrammarCharacters.Contains(c, StringComparison.Ordinal));
    }

    private static bool IsAmount(string word) =>
        word.Length >= 2 && Numerals.Contains(word[0], StringComparison.Ordinal)
        && word.Skip(1).SkipWhile(c => Numerals.Contains(c, StringComparison.Ordinal)).All(c => Measures.Contains(c, StringComparison.Ordinal))
        && word.Skip(1).SkipWhile(c => Numerals.Contains(c, StringComparison.Ordinal)).Count() <= 1;
}
