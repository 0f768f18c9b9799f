using Dispatch.Workers.Privacy;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Dispatch.Tests.Unit;

/// <summary>When a closed case's caller data is due for removal: calendar months on the hotline's wall clock; and the job's settings.</summary>
[Category("Unit")]
public sealed class RetentionPolicySpecs
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    [Test]
    public void The_cutoff_is_the_same_wall_clock_time_the_policys_months_earlier()
    {
        var now = new DateTimeOffset(2029, 3, 5, 10, 0, 0, Beijing);

        Assert.That(RetentionCutoff.For(now, 36, Shanghai), Is.EqualTo(new DateTimeOffset(2026, 3, 5, 10, 0, 0, Beijing)));
    }

    [Test]
    public void Months_are_counted_on_the_local_date_not_the_utc_one()
    {
        // 1 March 04:00 in Beijing is still 28 February in UTC: counted in UTC, the cutoff would fall a day earlier (28 February 2026).
        var now = new DateTimeOffset(2029, 3, 1, 4, 0, 0, Beijing);

        Assert.That(RetentionCutoff.For(now, 36, Shanghai), Is.EqualTo(new DateTimeOffset(2026, 3, 1, 4, 0, 0, Beijing)));
    }

    [Test]
    public void A_day_the_earlier_month_lacks_lands_on_its_last_day()
    {
        var now = new DateTimeOffset(2029, 5, 31, 12, 0, 0, Beijing);

        Assert.That(RetentionCutoff.For(now, 3, Shanghai), Is.EqualTo(new DateTimeOffset(2029, 2, 28, 12, 0, 0, Beijing)));
    }

    [Test]
    public void A_zone_with_daylight_saving_keeps_the_wall_clock_time_across_the_change()
    {
        var newYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        var summer = new DateTimeOffset(2029, 7, 1, 9, 0, 0, TimeSpan.FromHours(-4));

        Assert.That(RetentionCutoff.For(summer, 6, newYork), Is.EqualTo(new DateTimeOffset(2029, 1, 1, 9, 0, 0, TimeSpan.FromHours(-5))));
    }

    private static RetentionOptions Bound(Action<RetentionOptions> configure)
    {
        var services = new ServiceCollection();
        services.AddOptions<RetentionOptions>().Configure(configure).ValidateDataAnnotations();
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<RetentionOptions>>().Value;
    }

    [Test]
    public void The_defaults_keep_caller_data_36_months_and_are_valid()
    {
        var defaults = Bound(_ => { });

        Assert.That((defaults.CallerDataMonths, defaults.BatchSize, defaults.Interval, defaults.Enabled),
            Is.EqualTo((36, 100, TimeSpan.FromHours(1), true)));
    }

    [Test]
    public void Months_and_batch_size_out_of_range_are_refused_by_name()
    {
        var refused = Assert.Throws<OptionsValidationException>(() => Bound(o =>
        {
            o.CallerDataMonths = 0;
            o.BatchSize = 0;
        }))!;

        Assert.That(refused.Failures, Has.Some.Contains("CallerDataMonths").And.Some.Contains("BatchSize"));
    }

    [Test]
    public void An_empty_interval_is_refused_by_name()
    {
        var refused = Assert.Throws<OptionsValidationException>(() => Bound(o => o.Interval = TimeSpan.Zero))!;

        Assert.That(refused.Failures, Has.Some.Contains("Retention:Interval"));
    }
}
