using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Dispatch.Tests.Integration.Browser;

/// <summary>What axe (Deque.AxeCore.Playwright) finds serious or critical on a page as it is now, one line each, with where.</summary>
public static class SeriousViolations
{
    public static async Task<IReadOnlyList<string>> OnAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        // A dialog fades in and a chosen radio button eases into its colour: axe reading mid-way sees blended colours (a dialog's
        // title at 2:1 that settles at 12:1), and whether it does depends on the machine's speed. So every animation and transition
        // with an end is let finish first; an endless one (a spinner) is not waited for.
        await page.EvaluateAsync("""
            () => Promise.all(document.getAnimations()
                .filter(a => Number.isFinite(a.effect?.getComputedTiming().endTime ?? Infinity))
                .map(a => a.finished.catch(() => undefined)))
            """);
        var result = await page.RunAxe();
        return [.. result.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Id} ({v.Impact}): {v.Help} — {string.Join("; ", v.Nodes.Take(3).Select(n => n.Target?.ToString()))}")];
    }
}
