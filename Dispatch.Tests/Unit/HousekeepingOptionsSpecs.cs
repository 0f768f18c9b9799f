using Dispatch.Workers.Messaging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Dispatch.Tests.Unit;

/// <summary>Housekeeping's settings are checked the way the host checks them at start (data annotations and the class's own rules).</summary>
[Category("Unit")]
public sealed class HousekeepingOptionsSpecs
{
    private static HousekeepingOptions Bound(Action<HousekeepingOptions> configure)
    {
        var services = new ServiceCollection();
        services.AddOptions<HousekeepingOptions>().Configure(configure).ValidateDataAnnotations();
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<HousekeepingOptions>>().Value;
    }

    [Test]
    public void The_defaults_are_valid() => Assert.DoesNotThrow(() => Bound(_ => { }));

    [Test]
    public void A_batch_size_out_of_range_is_refused_by_name()
    {
        var refused = Assert.Throws<OptionsValidationException>(() => Bound(o => o.BatchSize = 0))!;

        Assert.That(refused.Failures, Has.Some.Contains("BatchSize"));
    }

    [Test]
    public void A_window_shorter_than_an_hour_and_an_empty_interval_are_refused_by_name()
    {
        var refused = Assert.Throws<OptionsValidationException>(() => Bound(o =>
        {
            o.KeepInboxFor = TimeSpan.FromMinutes(5);
            o.Interval = TimeSpan.Zero;
        }))!;

        Assert.That(refused.Failures, Has.Some.Contains("Housekeeping:KeepInboxFor").And.Some.Contains("Housekeeping:Interval"));
    }
}
