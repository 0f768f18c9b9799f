using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Dispatch.Tests.Integration.Browser;

/// <summary>What axe (Deque.AxeCore.Playwright) finds serious or critical on a page as it is now, one line each, with where.</summary>
public static class SeriousViolations
{
    public static async Task<IReadOnlyList<string>> OnAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var result = await page.RunAxe();
        return [.. result.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Id} ({v.Impact}): {v.Help} — {string.Join("; ", v.Nodes.Take(3).Select(n => n.Target?.ToString()))}")];
    }
}
