using Dispatch.Api.Intake;
using Dispatch.Tests.Support;
using Microsoft.Playwright;

namespace Dispatch.Tests.Integration.Browser;

/// <summary>
/// 实时督办 refreshes by itself: the fixture's Api and Workers run on a <see cref="ManualClock"/> (HotlineFixture's <c>Clock</c>),
/// the spec moves it past a signed case's reply deadline, and the open page — never reloaded — shows the case breaching soon, then
/// overdue, at its next poll. The live view reads the API's time (`at`), so what it says is the moved clock's.
/// </summary>
public sealed class SupervisionLiveBrowserSpecs : BrowserFixture
{
    /// <summary>The live view polls every 20 s; two polls and the page's own work fit in this.</summary>
    private static readonly LocatorAssertionsToBeVisibleOptions NextPoll = new() { Timeout = 75_000 };

    private readonly ManualClock _clock = new(SupervisionScene.Bj(11, 30, 9));

    protected override IReadOnlyList<string> People => ["supervisor1", "um.handler"];

    protected override TimeProvider Clock => _clock;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        // The clock jumps by hours while the page is open: the session must outlive the jumps.
        ["Session:IdleTimeout"] = "1.00:00:00",
        ["Session:Lifetime"] = "7.00:00:00",
    };

    [Test]
    public async Task The_live_view_shows_a_case_overdue_once_the_clock_passes_its_deadline_without_a_reload()
    {
        // An urgent case (the demo's policy 1: 30 minutes to sign, 2 natural hours to reply), signed for, so the deadline ahead is
        // the reply's, two hours off: one move of the clock passes it within the session. A sign-off deadline would not do:
        // breached, it may return the case to the center by itself (退单待审核), while a reply deadline breached leaves it overdue
        // with its department.
        var filed = await Hotline.Api.FileCaseAsync(Requests.NightNoise("实时督办：翠苑一区夜间打桩") with
        {
            Location = new LocationInput("DM", "DM-S02", "DM-S02-C01", null, "翠苑一区8幢", null, null),
            Urgency = "urgent",
        });
        await Hotline.Api.WaitForStatusAsync(filed.Number, "dispatched");
        var number = filed.Number;
        var due = (await (await As("um.handler")).ActAsync(number, "sign")).NextDueAt
                  ?? throw new InvalidOperationException("a signed case has a reply deadline");
        Assert.That(due, Is.EqualTo(_clock.GetUtcNow().AddHours(2)).Within(TimeSpan.FromMinutes(1)), "the urgent policy's reply deadline");
        var page = await SignInAsync("supervisor1");
        await page.GotoAsync("/supervision/live");
        var live = page.GetByTestId("supervision-live");
        await Assertions.Expect(live).Not.ToHaveAttributeAsync("data-at", "");
        var overdue = live.GetByTestId("live-overdue").Locator("a.case-link", new() { HasText = number });
        var soon = live.GetByTestId("live-soon").Locator("a.case-link", new() { HasText = number });
        // Two hours off, within the view's 4 working hours: breaching soon, not overdue.
        await Assertions.Expect(soon).ToBeVisibleAsync();
        await Assertions.Expect(live.GetByTestId("live-overdue")).ToContainTextAsync("没有超期的工单");
        var firstAt = await live.GetAttributeAsync("data-at");

        // A minute past it, it is overdue, and said so in the department's list and the count.
        _clock.Set(due.AddMinutes(1));
        await Assertions.Expect(overdue).ToBeVisibleAsync(NextPoll);
        Assert.That(await live.GetAttributeAsync("data-at"), Is.Not.EqualTo(firstAt), "read again by itself, at the moved clock");
        await Assertions.Expect(soon).ToHaveCountAsync(0);
        await Assertions.Expect(live.GetByTestId("overdue-total")).ToHaveTextAsync("1");
        await Assertions.Expect(live.GetByTestId("live-overdue").Locator("[data-department=UM]")).ToContainTextAsync(number);
        await Assertions.Expect(page.GetByRole(AriaRole.Img, new() { NameRegex = new System.Text.RegularExpressions.Regex("当前超期共 1 件") })).ToBeVisibleAsync();

        Assert.That(await SeriousViolations.OnAsync(page), Is.Empty, "the live view");
    }
}
