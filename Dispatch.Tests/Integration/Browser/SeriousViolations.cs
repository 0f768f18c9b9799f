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
        // title at 2:1 that settles at 12:1), and whether it does depends on the machine's speed. So axe waits until no animation or
        // transition with an end is running — checked two frames on, since Vue starts an enter transition a frame after its classes,
        // and again after each batch ends, since one may start another. An endless one (a spinner) is not waited for; one still
        // running after 5 s is reported by name, as a violation, rather than hanging the spec.
        var running = await page.EvaluateAsync<string[]>("""
            async () => {
              const frame = () => new Promise(resolve => requestAnimationFrame(() => resolve()));
              const deadline = performance.now() + 5000;
              for (;;) {
                await frame();
                await frame();
                const running = document.getAnimations().filter(a =>
                  a.playState === 'running' && Number.isFinite(a.effect?.getComputedTiming().endTime ?? Infinity));
                if (running.length === 0) return [];
                const left = deadline - performance.now();
                if (left <= 0) return running.map(a => a.animationName ?? a.transitionProperty ?? a.constructor.name);
                await Promise.race([
                  Promise.all(running.map(a => a.finished.catch(() => undefined))),
                  new Promise(resolve => setTimeout(resolve, left)),
                ]);
              }
            }
            """);
        var result = await page.RunAxe();
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Id} ({v.Impact}): {v.Help} — {string.Join("; ", v.Nodes.Take(3).Select(n => n.Target?.ToString()))}");
        return [.. running.Select(name => $"still animating 5 s on, so axe read it mid-way: {name}"), .. serious];
    }
}
