using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Dispatch.Workers.Knowledge;

/// <summary>Wiring for the knowledge base: the Api writes, reads and searches it (and logs searches); the Workers announce expiries.</summary>
public static class KnowledgeHosting
{
    /// <summary>What both hosts share: options, the store, the seed (run with the demo district's).</summary>
    public static IHostApplicationBuilder AddKnowledgeStorage(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<KnowledgeOptions>().BindConfiguration(KnowledgeOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<KnowledgeStore>();
        builder.Services.AddSingleton<KnowledgeSeed>();
        return builder;
    }

    /// <summary>The Api's part: changes, search, the search log, and jieba's dictionary loaded at start rather than in a first search.</summary>
    public static IHostApplicationBuilder AddKnowledgeBase(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<KnowledgeWork>();
        builder.Services.AddSingleton<KnowledgeSearch>();
        builder.Services.AddSingleton<KnowledgeSearchLog>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<KnowledgeSearchLog>());
        builder.Services.AddHostedService<SegmenterWarmUp>();
        return builder;
    }

    /// <summary>The Workers' part: the expiry notices.</summary>
    public static IHostApplicationBuilder AddKnowledgeExpiryNotices(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<KnowledgeExpiryNotices>();
        if (builder.Configuration.GetValue(KnowledgeOptions.Section + ":" + nameof(KnowledgeOptions.ExpiryNoticesEnabled), true))
        {
            builder.Services.AddHostedService(sp => sp.GetRequiredService<KnowledgeExpiryNotices>());
        }

        return builder;
    }

    /// <summary>Loads jieba's dictionary while the host starts (about a second), so that no search waits for it.</summary>
    private sealed class SegmenterWarmUp : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            ChineseWords.Warm();
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
