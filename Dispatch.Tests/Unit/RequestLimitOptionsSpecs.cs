using Dispatch.Api.Limits;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Dispatch.Tests.Unit;

/// <summary>The limits' options, bound and checked through the Api's own wiring (<see cref="RequestLimits.AddRequestLimits"/>).</summary>
[Category("Unit")]
public sealed class RequestLimitOptionsSpecs
{
    private static (RateLimitOptions Rates, RequestTimeoutsOptions Timeouts) Bound(params (string Key, string Value)[] settings)
    {
        var builder = WebApplication.CreateBuilder();
        foreach (var (key, value) in settings)
        {
            builder.Configuration[key] = value;
        }

        builder.Services.AddRequestLimits();
        using var app = builder.Build();
        return (app.Services.GetRequiredService<IOptions<RateLimitOptions>>().Value, app.Services.GetRequiredService<IOptions<RequestTimeoutsOptions>>().Value);
    }

    [Test]
    public void Without_settings_the_defaults_hold_and_are_valid()
    {
        var (rates, timeouts) = Bound();

        Assert.Multiple(() =>
        {
            Assert.That((rates.PerUser.PermitLimit, rates.PerUser.PermitsPerPeriod, rates.PerUser.Period), Is.EqualTo((600, 60, TimeSpan.FromSeconds(1))));
            Assert.That((rates.PerAddress.PermitLimit, rates.PerAddress.PermitsPerPeriod), Is.EqualTo((100, 10)));
            Assert.That((rates.FailedSignIns.PermitLimit, rates.FailedSignIns.PermitsPerPeriod), Is.EqualTo((60, 1)));
            Assert.That((rates.ConcurrentExportsPerUser, rates.ExportRetryAfter), Is.EqualTo((2, TimeSpan.FromSeconds(10))));
            Assert.That((timeouts.Default, timeouts.Exports), Is.EqualTo((TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(10))));
        });
    }

    [Test]
    public void One_setting_changes_one_value_and_leaves_the_rest_of_its_budget_at_the_defaults()
    {
        var (rates, _) = Bound(("RateLimits:PerUser:PermitsPerPeriod", "5"));

        Assert.That((rates.PerUser.PermitLimit, rates.PerUser.PermitsPerPeriod), Is.EqualTo((600, 5)));
    }

    [TestCase("RateLimits:PerUser:PermitLimit", "0", "RateLimits:PerUser:PermitLimit must be from 1")]
    [TestCase("RateLimits:PerAddress:PermitsPerPeriod", "-1", "RateLimits:PerAddress:PermitsPerPeriod must be from 1")]
    [TestCase("RateLimits:FailedSignIns:Period", "00:00:00", "RateLimits:FailedSignIns:Period must be positive")]
    [TestCase("RateLimits:ConcurrentExportsPerUser", "0", "ConcurrentExportsPerUser")]
    [TestCase("RateLimits:ExportRetryAfter", "00:00:00", "RateLimits:ExportRetryAfter must be")]
    public void A_budget_that_would_refuse_everything_or_nothing_is_refused_and_names_its_setting(string key, string value, string says)
    {
        var refused = Assert.Throws<OptionsValidationException>(() => Bound((key, value)))!;

        Assert.That(refused.Failures, Has.Some.Contains(says));
    }

    [TestCase("RequestTimeouts:Default", "00:00:00")]
    [TestCase("RequestTimeouts:Exports", "02:00:00")]
    public void A_time_limit_that_is_not_positive_or_longer_than_an_hour_is_refused(string key, string value)
    {
        var refused = Assert.Throws<OptionsValidationException>(() => Bound((key, value)))!;

        Assert.That(refused.Failures, Has.Some.Contains($"{key} must be positive and at most an hour"));
    }
}
