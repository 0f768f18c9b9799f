using Dapper;
using Dispatch.Tests.Support;
using Dispatch.Workers.Storage;
using Npgsql;

namespace Dispatch.Tests.Integration.Storage;

/// <summary>
/// Least privilege, proved on PostgreSQL: the services' role (what every host connects as) owns nothing, and may only read and
/// append the audit records: it cannot update, delete, truncate them or turn their trigger off. SQL Server's equivalent (a
/// database role with DENY) is in its migration 0010.
/// </summary>
[Category("Integration")]
public sealed class ServiceRoleSpecs
{
    private TestDatabase _db = null!;

    [OneTimeSetUp]
    public async Task CreateDatabase() => _db = await TestDatabase.CreateAsync(DatabaseProvider.PostgreSql);

    [OneTimeTearDown]
    public async Task DropDatabase() => await _db.DisposeAsync();

    private async Task<PostgresException?> AsService(string sql)
    {
        await using var connection = new NpgsqlConnection(_db.ServiceConnectionString);
        await connection.OpenAsync();
        try
        {
            await connection.ExecuteAsync(sql);
            return null;
        }
        catch (PostgresException e)
        {
            return e;
        }
    }

    [TestCase("update case_audit set reason = 'x'")]
    [TestCase("delete from case_audit")]
    [TestCase("truncate case_audit")]
    [TestCase("alter table case_audit disable trigger case_audit_append_only")]
    [TestCase("drop trigger case_audit_append_only on case_audit")]
    [TestCase("update admin_changes set changed_by = 'x'")]
    [TestCase("delete from admin_changes")]
    [TestCase("truncate admin_changes")]
    [TestCase("alter table admin_changes disable trigger admin_changes_append_only")]
    [TestCase("update audit_verifications set cases_broken = 0")]
    [TestCase("delete from schema_versions")]
    [TestCase("create table intruder (id int)")]
    public async Task The_services_role_cannot(string sql)
    {
        var refused = await AsService(sql);

        // Refused for want of privilege (42501) or of ownership (42501 too: "must be owner"), before any trigger runs.
        Assert.That(refused?.SqlState, Is.EqualTo(PostgresErrorCodes.InsufficientPrivilege), refused?.MessageText ?? "it was allowed");
        Assert.That(refused!.MessageText, Does.Not.Contain("append-only"), "the privilege refuses, not the trigger");
    }

    [Test]
    public async Task The_services_role_reads_and_appends_the_audit_records_and_owns_nothing()
    {
        Assert.Multiple(async () =>
        {
            Assert.That(await AsService("select count(*) from case_audit; select count(*) from admin_changes"), Is.Null);
            Assert.That(await _db.ScalarAsync<long>("""
                select count(*) from pg_class c join pg_roles r on r.oid = c.relowner where r.rolname in ('dispatch_service', 'dispatch_app')
                """), Is.Zero);
            Assert.That(await _db.ScalarAsync<bool>("select rolsuper or rolcreaterole or rolcreatedb from pg_roles where rolname = 'dispatch_app'"), Is.False);
            Assert.That(await _db.ScalarAsync<bool>("""
                select has_table_privilege('dispatch_service', 'case_audit', 'INSERT') and has_table_privilege('dispatch_service', 'admin_changes', 'INSERT')
                """), Is.True);
        });
    }

    [Test]
    public async Task Only_the_audit_records_and_the_migrations_bookkeeping_are_closed_to_the_services_changes()
    {
        var closed = await _db.QueryAsync<string>("""
            select t.tablename from pg_tables t
            where t.schemaname = 'public' and not has_table_privilege('dispatch_service', format('%I.%I', t.schemaname, t.tablename), 'UPDATE')
            order by t.tablename
            """);

        Assert.That(closed, Is.EqualTo(new[] { "admin_changes", "audit_verifications", "case_audit", "knowledge_entry_versions", "personal_data_access", "schema_versions" }));
    }
}
