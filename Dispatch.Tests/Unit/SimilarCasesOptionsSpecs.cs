using Dispatch.Workers.RepeatCalls;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Dispatch.Tests.Unit;

/// <summary>The repeat-call settings are checked the way the host checks them at start (data annotations and the class's own rules).</summary>
[Category("Unit")]
public sealed class SimilarCasesOptionsSpecs
{
    private static SimilarCasesOptions Bound(Action<SimilarCasesOptions> configure)
    {
        var services = new ServiceCollection();
        services.AddOptions<SimilarCasesOptions>().Configure(configure).ValidateDataAnnotations();
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<SimilarCasesOptions>>().Value;
    }

    private static IEnumerable<string> Refusals(Action<SimilarCasesOptions> configure) =>
        Assert.Throws<OptionsValidationException>(() => Bound(configure))!.Failures;

    [Test]
    public void The_defaults_are_valid() => Assert.DoesNotThrow(() => Bound(_ => { }));

    [Test]
    public void Windows_outside_an_hour_to_366_days_are_refused_by_name()
    {
        var refused = Refusals(o =>
        {
            o.OpenWindow = TimeSpan.FromMinutes(30);
            o.ClosedWindow = TimeSpan.FromDays(400);
        });

        Assert.That(refused, Has.Some.Contains("SimilarCases:OpenWindow").And.Some.Contains("SimilarCases:ClosedWindow"));
    }

    [TestCase(nameof(SimilarCasesOptions.RadiusMetres))]
    [TestCase(nameof(SimilarCasesOptions.Threshold))]
    [TestCase(nameof(SimilarCasesOptions.Limit))]
    [TestCase(nameof(SimilarCasesOptions.CandidatesPerSource))]
    [TestCase(nameof(SimilarCasesOptions.TimeHalfLifeHours))]
    [TestCase(nameof(SimilarCasesOptions.RepeatCallerCases))]
    [TestCase(nameof(SimilarCasesOptions.RepeatCallerDays))]
    public void A_number_out_of_range_is_refused_by_name(string name)
    {
        var refused = Refusals(o =>
        {
            switch (name)
            {
                case nameof(SimilarCasesOptions.RadiusMetres): o.RadiusMetres = GeoCells.MaxRadiusMetres + 1; break;
                case nameof(SimilarCasesOptions.Threshold): o.Threshold = 1.5; break;
                case nameof(SimilarCasesOptions.Limit): o.Limit = 0; break;
                case nameof(SimilarCasesOptions.CandidatesPerSource): o.CandidatesPerSource = 5; break;
                case nameof(SimilarCasesOptions.TimeHalfLifeHours): o.TimeHalfLifeHours = 0; break;
                case nameof(SimilarCasesOptions.RepeatCallerCases): o.RepeatCallerCases = 0; break;
                default: o.RepeatCallerDays = 0; break;
            }
        });

        Assert.That(refused, Has.Some.Contains(name));
    }

    [Test]
    public void Weights_must_be_between_0_and_100_and_not_all_0()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Refusals(o => o.Weights = new SimilarityWeights { Text = -1 }), Has.Some.Contains("SimilarCases:Weights:Text"));
            Assert.That(Refusals(o => o.Weights = new SimilarityWeights { Category = 0, Place = 0, Text = 0, Caller = 0, Time = 0 }),
                Has.Some.Contains("must not all be 0"));
        });
    }

    [Test]
    public void The_same_caller_alone_may_never_reach_the_threshold()
    {
        // 0.3 of 0.4 is three quarters of the score: the same phone alone would list a case at the threshold of 0.65.
        var refused = Refusals(o => o.Weights = new SimilarityWeights { Category = 0.05, Place = 0.05, Text = 0, Caller = 0.3, Time = 0 });

        Assert.Multiple(() =>
        {
            Assert.That(refused, Has.Some.Contains("SimilarCases:Weights:Caller"));
            Assert.DoesNotThrow(() => Bound(o => o.Weights = new SimilarityWeights { Caller = 0.3 }), "0.3 of 1.15 is below 0.65");
        });
    }
}
