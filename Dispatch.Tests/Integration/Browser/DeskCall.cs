using Microsoft.Playwright;

namespace Dispatch.Tests.Integration.Browser;

/// <summary>
/// A night-noise complaint from 北山社区 (西湖街道), taken at the agent's desk with the keyboard as an agent on the phone does:
/// phone, Enter, name, Tab through the form, arrows in the radio groups, typing into the category and area cascaders. Its
/// words are the spec's, so that each spec has a case of its own.
/// </summary>
public sealed record DeskCall(string Phone, string Name, string Address, string Title, string Content)
{
    /// <summary>How many of a caller's earlier cases the desk lists (CallerHistoryPanel).</summary>
    private const int MostEarlierCasesListed = 8;

    /// <summary>Types the call into the desk (which has the phone focused), everything but filing it.</summary>
    public async Task TypeAsync(IPage desk)
    {
        ArgumentNullException.ThrowIfNull(desk);
        var keys = desk.Keyboard;
        await Assertions.Expect(desk.GetByLabel("来电号码", new() { Exact = true })).ToBeFocusedAsync();
        await keys.TypeAsync(Phone);
        await keys.PressAsync("Enter");
        await Assertions.Expect(desk.GetByLabel("来电人姓名")).ToBeFocusedAsync();
        await keys.TypeAsync(Name);
        await keys.PressAsync("Tab"); // confidential caller: left unticked
        // On to the request type: past the caller's earlier cases, each a link (a first-time caller has none).
        var requestType = desk.GetByRole(AriaRole.Radiogroup, new() { Name = "诉求类型" }).GetByRole(AriaRole.Radio).First;
        for (var stops = 0; stops <= MostEarlierCasesListed; stops++)
        {
            await keys.PressAsync("Tab");
            if (await requestType.EvaluateAsync<bool>("radio => radio === document.activeElement"))
            {
                break;
            }
        }

        await Assertions.Expect(requestType).ToBeFocusedAsync();
        await keys.PressAsync("ArrowRight");
        await keys.PressAsync("ArrowRight"); // 咨询 → 求助 → 投诉
        await keys.PressAsync("Tab"); // urgency: normal stays
        await keys.PressAsync("Tab"); // category
        await keys.TypeAsync("夜间施工");
        await Suggestion(desk, "夜间施工噪声").WaitForAsync();
        await keys.PressAsync("ArrowDown");
        await keys.PressAsync("Enter");
        await keys.PressAsync("Tab"); // channel: phone stays
        await keys.PressAsync("Tab"); // area
        await keys.TypeAsync("北山社区");
        await Suggestion(desk, "西湖街道 › 北山社区").WaitForAsync();
        await keys.PressAsync("ArrowDown");
        await keys.PressAsync("Enter");
        await keys.PressAsync("Tab");
        await keys.TypeAsync(Address);
        await keys.PressAsync("Tab");
        await keys.TypeAsync(Title);
        await keys.PressAsync("Tab");
        await keys.TypeAsync(Content);
    }

    /// <summary>Files what was typed (Ctrl+Enter) and reads the number the desk shows, without its grouping.</summary>
    public static async Task<string> FileAsync(IPage desk)
    {
        ArgumentNullException.ThrowIfNull(desk);
        await desk.Keyboard.PressAsync("Control+Enter");
        var number = desk.GetByTestId("filed-number");
        await number.WaitForAsync();
        return string.Concat((await number.InnerTextAsync()).Where(char.IsAsciiDigit));
    }

    /// <summary>What a cascader suggests for the words typed, in the list of the field being typed in.</summary>
    private static ILocator Suggestion(IPage page, string text) =>
        page.Locator(".el-cascader__suggestion-item:visible", new() { HasText = text }).First;
}
