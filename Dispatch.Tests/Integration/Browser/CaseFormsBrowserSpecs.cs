using System.Globalization;
using System.Text.RegularExpressions;
using Dispatch.Tests.Support;
using Microsoft.Playwright;

namespace Dispatch.Tests.Integration.Browser;

/// <summary>
/// An action's form and the API's refusal of what was filled in: each field error (keyed by its JSON path) under its own field, in
/// the console's words, the form left open to correct, and nothing done.
/// </summary>
public sealed partial class CaseFormsBrowserSpecs : BrowserFixture
{
    private static readonly TimeZoneInfo HotlineZone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    protected override IReadOnlyList<string> People => ["um.handler"];

    [Test]
    public async Task A_return_without_its_reason_shows_each_400_field_error_on_its_field_and_nothing_is_done()
    {
        var number = await FileNightNoiseAsync("德加社区工地夜间运输", "德加公寓北侧工地");
        var page = await CasePage.OpenAsync(await SignInAsync("um.handler"), number);

        await page.OpenFormAsync("return");
        await page.Dialog.GetByTestId("action-submit").ClickAsync();

        await Assertions.Expect(page.FieldError("退单理由")).ToHaveTextAsync("必选");
        await Assertions.Expect(page.FieldError("说明")).ToHaveTextAsync("必填，不能只有空格");
        await Assertions.Expect(page.Dialog).ToBeVisibleAsync();
        Assert.That((await Hotline.Api.GetCaseAsync(number)).Status, Is.EqualTo("dispatched"));
    }

    [Test]
    public async Task An_extension_to_a_time_already_past_is_refused_on_its_field_in_plain_chinese()
    {
        var number = await FileNightNoiseAsync("益乐路工地夜间焊接", "益乐路9号工地");
        await (await As("um.handler")).ActAsync(number, "sign");
        var page = await CasePage.OpenAsync(await SignInAsync("um.handler"), number);

        var form = await page.OpenFormAsync("request-extension");
        var yesterday = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, HotlineZone).Date.AddDays(-1).AddHours(9);
        var when = form.GetByPlaceholder("选择日期时间");
        await when.FillAsync(yesterday.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
        await when.PressAsync("Enter");
        await form.GetByLabel("延期理由").FillAsync("需要更多时间。");
        await form.GetByTestId("action-submit").ClickAsync();

        // The API's 422 names `until`; the handler reads why under 申请延期至, in Chinese, and may choose another time.
        await Assertions.Expect(page.FieldError("申请延期至")).ToHaveTextAsync(NoLatinLetters());
        await Assertions.Expect(page.Dialog).ToBeVisibleAsync();
        Assert.That((await Hotline.Api.GetCaseAsync(number)).PendingExtensionUntil, Is.Null);
    }

    /// <summary>Some text, none of it in Latin letters: the API's English message was said again in Chinese.</summary>
    [GeneratedRegex("^[^A-Za-z]+$")]
    private static partial Regex NoLatinLetters();
}
