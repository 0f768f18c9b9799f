namespace Dispatch.Tests.Support;

/// <summary>
/// Where the integration specs find their real servers. deploy/local/test sets all of these; run the
/// specs through it, or set them yourself.
/// </summary>
public static class TestSettings
{
    /// <summary>A PostgreSQL connection string for a role that may create databases (to the maintenance database).</summary>
    public static string Postgres => Required("DISPATCH_TEST_POSTGRES");

    /// <summary>
    /// The same server as the services' role (dispatch_app, a member of dispatch_service): owns nothing, may not touch the audit
    /// records but to read and append. The spec hosts connect as this role, as deployments do.
    /// </summary>
    public static string PostgresService => Required("DISPATCH_TEST_POSTGRES_SERVICE");

    /// <summary>Optional: a SQL Server connection string for a login that may create databases. Without it the SQL Server storage specs are skipped.</summary>
    public static string? SqlServer => Environment.GetEnvironmentVariable("DISPATCH_TEST_SQLSERVER") is { Length: > 0 } s ? s : null;

    public static string RabbitHost => Environment.GetEnvironmentVariable("DISPATCH_TEST_RABBITMQ_HOST") ?? "127.0.0.1";

    public static string RabbitVirtualHost => Required("DISPATCH_TEST_RABBITMQ_VHOST");

    public static string RabbitUser => Required("DISPATCH_TEST_RABBITMQ_USER");

    public static string RabbitPassword => Required("DISPATCH_TEST_RABBITMQ_PASSWORD");

    private static string Required(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{name} is not set. Run the integration specs with deploy/local/test, which starts PostgreSQL and RabbitMQ and sets it.");
}
