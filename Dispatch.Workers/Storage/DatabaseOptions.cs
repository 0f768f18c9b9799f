using System.ComponentModel.DataAnnotations;

namespace Dispatch.Workers.Storage;

/// <summary>Section "Database". The connection string itself is ConnectionStrings:Dispatch (never in the repo).</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.PostgreSql;

    [Required(ErrorMessage = "ConnectionStrings:Dispatch is required (environment variable ConnectionStrings__Dispatch).")]
    public string ConnectionString { get; set; } = "";

    /// <summary>Apply pending migrations when the host starts. Turn off where a migration job runs them before a rollout.</summary>
    public bool MigrateOnStart { get; set; } = true;

    /// <summary>Insert the demo district's reference data (departments, areas, categories, rules) if it is missing.</summary>
    public bool SeedDemoData { get; set; }

    [Range(1, 600)]
    public int CommandTimeoutSeconds { get; set; } = 30;
}
