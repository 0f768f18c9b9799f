using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Dispatch.Workers.RepeatCalls;

/// <summary>Wiring for repeat calls (the Api): the options, checked at start, the similar-case lookup and the caller history.</summary>
public static class RepeatCallsHosting
{
    public static IHostApplicationBuilder AddRepeatCalls(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<SimilarCasesOptions>().BindConfiguration(SimilarCasesOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<SimilarCaseStore>();
        builder.Services.AddSingleton<SimilarCaseFinder>();
        builder.Services.AddSingleton<CallerHistoryQuery>();
        return builder;
    }
}
