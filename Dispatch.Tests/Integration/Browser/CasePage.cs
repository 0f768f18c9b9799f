using Dispatch.Tests.Support;
using Microsoft.Playwright;

namespace Dispatch.Tests.Integration.Browser;

/// <summary>
/// The case page (<c>/case/{number}</c>) as a person works it: the case's state as the page says it, its action buttons, the form
/// an action opens, and what the page says when the API refuses.
/// </summary>
public sealed class CasePage(IPage page, string number)
{
    /// <summary>The return-visit outcomes the API lists one by one: the console makes one "回访" button of them.</summary>
    private static readonly HashSet<string> VisitOutcomes = ["close-after-visit", "reopen", "record-visit-attempt", "close-unreachable"];

    public IPage Page { get; } = page;

    public string Number { get; } = number;

    /// <summary>The case's state, in words (待签收, 办理中, 待回访, 已办结, 已并单…).</summary>
    public ILocator Status => Page.GetByTestId("case-status");

    /// <summary>Every action button the page shows.</summary>
    public ILocator Buttons => Page.GetByRole(AriaRole.Group, new() { Name = "可执行的操作" }).Locator("button[data-action]");

    public ILocator Button(string action) => Page.Locator($"button[data-action='{action}']");

    /// <summary>The form an action opens (the dialog with the 确定 button: a date picker's panel is a dialog too).</summary>
    public ILocator Dialog => Page.GetByRole(AriaRole.Dialog).Filter(new() { Has = Page.GetByTestId("action-submit") });

    /// <summary>The error the open form shows under the field labelled <paramref name="label"/> (its label, or the start of it).</summary>
    public ILocator FieldError(string label) =>
        Dialog.Locator(".el-form-item", new() { Has = Page.Locator(".el-form-item__label", new() { HasText = label }) }).Locator(".el-form-item__error");

    /// <summary>What the page says above the actions when the API refused one (409, 403, 404).</summary>
    public ILocator Refusal => Page.Locator(".page-problem");

    /// <summary>The case's details (工单信息).</summary>
    public ILocator Details => Page.GetByRole(AriaRole.Region, new() { Name = "工单信息" });

    /// <summary>Opens the case by its address and waits until it is shown.</summary>
    public static async Task<CasePage> OpenAsync(IPage page, string number)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.GotoAsync($"/case/{number}");
        var opened = new CasePage(page, number);
        await Assertions.Expect(opened.Status).ToBeVisibleAsync();
        return opened;
    }

    /// <summary>The case opened as a person does, from a list: the link with its number.</summary>
    public static async Task<CasePage> OpenFromListAsync(IPage page, string number)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.Locator("a.case-link", new() { HasText = number }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == $"/case/{number}");
        var opened = new CasePage(page, number);
        await Assertions.Expect(opened.Status).ToBeVisibleAsync();
        return opened;
    }

    /// <summary>Waits until the page says the case is in <paramref name="status"/> (its words).</summary>
    public Task ExpectStatusAsync(string status) => Assertions.Expect(Status).ToHaveTextAsync(status);

    /// <summary>
    /// The buttons are exactly what the API allows <paramref name="person"/> on the case now (<c>allowedActions</c>, read through the
    /// API as that person), and include <paramref name="including"/>: a button that can only fail is never shown, and none is missing.
    /// </summary>
    public async Task ExpectOnlyAllowedActionsAsync(HttpClient person, params string[] including)
    {
        ArgumentNullException.ThrowIfNull(person);
        ArgumentNullException.ThrowIfNull(including);
        foreach (var action in including)
        {
            await Assertions.Expect(Button(action)).ToBeVisibleAsync();
        }

        var allowed = (await person.GetCaseAsync(Number)).AllowedActions
            .Select(a => VisitOutcomes.Contains(a) ? "visit" : a).Distinct().ToList();
        await Assertions.Expect(Buttons).ToHaveCountAsync(allowed.Count);
        var shown = await Buttons.EvaluateAllAsync<string[]>("buttons => buttons.map(b => b.dataset.action)");
        Assert.That(shown, Is.EquivalentTo(allowed), $"the buttons on case {Number}");
        Assert.That(allowed, Is.SupersetOf(including), $"what the API allows on case {Number}");
    }

    /// <summary>Clicks an action's button and waits for its form.</summary>
    public async Task<ILocator> OpenFormAsync(string action)
    {
        await Button(action).ClickAsync();
        await Assertions.Expect(Dialog).ToBeVisibleAsync();
        return Dialog;
    }

    /// <summary>Sends the open form (确定…) and waits until it closes: the API took it.</summary>
    public async Task SubmitFormAsync()
    {
        await Dialog.GetByTestId("action-submit").ClickAsync();
        await Assertions.Expect(Dialog).ToBeHiddenAsync();
    }
}
