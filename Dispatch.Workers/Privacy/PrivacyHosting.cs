using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Dispatch.Workers.Privacy;

/// <summary>Wiring for citizens' data: the access log (the Api records, supervisors read).</summary>
public static class PrivacyHosting
{
    public static IHostApplicationBuilder AddPersonalDataAccessLog(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<PersonalDataAccessLog>();
        return builder;
    }
}
