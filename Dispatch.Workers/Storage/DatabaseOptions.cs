using System.ComponentModel.DataAnnotations;

namespace Dispatch.Workers.Storage;

/// <summary>Section "Database". The connection string itself is ConnectionStrings:Dispatch (never in the repo).</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.PostgreSql;

    [Required(ErrorMessage = "ConnectionStrings:Dispatch is required (environment variable ConnectionStrings__Dispatch).")]
    public string ConnectionString { get; set; } = "";

    /// <summary>
    /// Apply pending migrations when the host starts. Off by default: the services connect as a role that owns nothing and cannot
    /// migrate; the owner runs <c>migrate</c> before a rollout.
    /// </summary>
    public bool MigrateOnStart { get; set; }

    /// <summary>Insert the demo district's reference data (departments, areas, categories, rules) if it is missing.</summary>
    public bool SeedDemoData { get; set; }

    [Range(1, 600)]
    public int CommandTimeoutSeconds { get; set; } = 30;
}
