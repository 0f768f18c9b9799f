using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Dispatch.Workers.Attachments;

/// <summary>Wiring for files on cases, in the Api (the process that takes uploads and serves downloads, with the volume mounted).</summary>
public static class AttachmentHosting
{
    public static IHostApplicationBuilder AddAttachments(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<AttachmentOptions>().BindConfiguration(AttachmentOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<IBlobStore, FileSystemBlobStore>();
        builder.Services.AddSingleton<CaseAttachments>();
        builder.Services.AddSingleton<StagedAttachments>();
        builder.Services.AddSingleton<BlobHousekeeping>();
        if (builder.Configuration.GetValue(AttachmentOptions.Section + ":" + nameof(AttachmentOptions.HousekeepingEnabled), true))
        {
            builder.Services.AddHostedService(sp => sp.GetRequiredService<BlobHousekeeping>());
        }

        return builder;
    }
}
