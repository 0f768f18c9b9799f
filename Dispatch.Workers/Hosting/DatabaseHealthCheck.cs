using Dispatch.Workers.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Dispatch.Workers.Hosting;

internal sealed class DatabaseHealthCheck(Database database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (database.Dialect.IsUnavailable(e) || e is System.Data.Common.DbException)
        {
            return HealthCheckResult.Unhealthy("The database does not answer.", e);
        }
    }
}
