using Dispatch.Workers.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Dispatch.Tests.Unit;

/// <summary>Who may read /metrics, checked through the hosts' own wiring (<see cref="DispatchHosting.AddDispatchStorage"/>).</summary>
[Category("Unit")]
public sealed class MetricsOptionsSpecs
{
    private const string Token = "0123456789abcdef0123456789abcdef-scrape";

    private static MetricsOptions Bound(string environment, params (string Key, string Value)[] settings)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = environment });
        foreach (var (key, value) in settings)
        {
            builder.Configuration[key] = value;
        }

        builder.AddDispatchStorage();
        using var app = builder.Build();
        return app.Services.GetRequiredService<IOptions<MetricsOptions>>().Value;
    }

    [Test]
    public void Outside_development_a_host_without_a_scrape_token_refuses_to_start_and_says_which_setting()
    {
        var refused = Assert.Throws<OptionsValidationException>(() => Bound("Production"))!;

        Assert.That(refused.Failures, Has.Some.Contains("Metrics:ScrapeToken").And.Some.Contains("Metrics__ScrapeToken"));
    }

    [Test]
    public void A_scrape_token_too_short_to_be_a_secret_is_refused_everywhere()
    {
        var refused = Assert.Throws<OptionsValidationException>(() => Bound("Development", ("Metrics:ScrapeToken", "short")))!;

        Assert.That(refused.Failures, Has.Some.Contains("at least 32 characters"));
    }

    [Test]
    public void On_a_developer_s_machine_or_where_the_operator_says_so_anyone_may_read_them()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Bound("Development").Admits(null), Is.True);
            Assert.That(Bound("Production", ("Metrics:AllowAnonymous", "true")).Admits(null), Is.True);
        });
    }

    [Test]
    public void With_a_scrape_token_only_a_request_that_sends_it_as_a_bearer_token_is_admitted()
    {
        var options = Bound("Production", ("Metrics:ScrapeToken", Token));

        Assert.Multiple(() =>
        {
            Assert.That(options.Admits($"Bearer {Token}"), Is.True);
            Assert.That(options.Admits($"bearer {Token}"), Is.True, "the scheme is case-insensitive");
            Assert.That(options.Admits(null), Is.False);
            Assert.That(options.Admits(""), Is.False);
            Assert.That(options.Admits(Token), Is.False, "no scheme");
            Assert.That(options.Admits($"Basic {Token}"), Is.False);
            Assert.That(options.Admits($"Bearer {Token}x"), Is.False);
            Assert.That(options.Admits($"Bearer {Token[..^1]}"), Is.False);
        });
    }
}
