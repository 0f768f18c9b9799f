using Dispatch.Api.Intake;
using Dispatch.Tests.Support;
using Microsoft.Playwright;
using NUnit.Framework.Interfaces;

namespace Dispatch.Tests.Integration.Browser;

/// <summary>
/// A hotline over HTTP with a Chromium on its console, for the specs of a screen or a flow: the demo users it names get a console
/// password (as an administrator gives one), each spec's pages are closed after it (with a screenshot of each when it failed).
/// </summary>
[Category("Integration")]
[Category("Browser")]
public abstract class BrowserFixture : HotlineFixture
{
    /// <summary>Every demo user of a fixture gets this one: the password policy asks 10 characters and not the username.</summary>
    protected const string Password = "浏览器规格的演示密码 2026";

    protected ConsoleBrowser Browser { get; private set; } = null!;

    protected override bool OverHttp => true;

    /// <summary>The demo users (deploy/seed/demo-district.json) the fixture's specs sign in as.</summary>
    protected abstract IReadOnlyList<string> People { get; }

    [OneTimeSetUp]
    public async Task StartBrowser()
    {
        foreach (var person in People)
        {
            await ConsoleBrowser.SetPasswordAsync(Hotline, person, Password);
        }

        Browser = await ConsoleBrowser.StartAsync(Hotline);
    }

    [TearDown]
    public Task ClosePages() =>
        Browser?.CloseAsync(TestContext.CurrentContext.Result.Outcome.Status == TestStatus.Failed) ?? Task.CompletedTask;

    [OneTimeTearDown]
    public async Task StopBrowser()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }
    }

    /// <summary><paramref name="username"/> signed in through the sign-in screen, on their first screen.</summary>
    protected Task<IPage> SignInAsync(string username) => Browser.SignInAsync(username, Password);

    /// <summary>
    /// A night-noise complaint (UM leads, ENV assists) filed through the API, as <c>13800138000</c> unless told otherwise, once the
    /// router has dispatched it: a spec's own case, to work at the console.
    /// </summary>
    protected async Task<string> FileNightNoiseAsync(string title, string address, string street = "DM-S02", string community = "DM-S02-C01",
        string phone = "13800138000")
    {
        var filed = await Hotline.Api.FileCaseAsync(Requests.NightNoise(title) with
        {
            Caller = new CallerInput("张三", phone, false),
            Location = new LocationInput("DM", street, community, null, address, null, null),
        });
        await Hotline.Api.WaitForStatusAsync(filed.Number, "dispatched");
        return filed.Number;
    }
}
