using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Dispatch.Workers.Privacy;

/// <summary>Wiring for citizens' data: the access log (the Api records, supervisors read) and the retention job (the Workers run it).</summary>
public static class PrivacyHosting
{
    public static IHostApplicationBuilder AddPersonalDataAccessLog(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<PersonalDataAccessLog>();
        return builder;
    }

    public static IHostApplicationBuilder AddCallerDataRetention(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<RetentionOptions>().BindConfiguration(RetentionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<CallerDataRetention>();
        if (builder.Configuration.GetValue(RetentionOptions.Section + ":" + nameof(RetentionOptions.Enabled), true))
        {
            builder.Services.AddHostedService(sp => sp.GetRequiredService<CallerDataRetention>());
        }

        return builder;
    }
}
