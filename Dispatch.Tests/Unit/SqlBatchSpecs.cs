using Dispatch.Workers.Storage;
using Dispatch.Workers.Storage.PostgreSql;
using Dispatch.Workers.Storage.SqlServer;
using Npgsql;

namespace Dispatch.Tests.Unit;

[Category("Unit")]
public sealed class SqlBatchSpecs
{
    [Test]
    public void Each_statement_s_parameters_are_renamed_apart_and_nothing_else_is_touched()
    {
        var batch = new SqlBatch()
            .Add("update cases set title = @Title where id = @Id and @Id is not null", new { Id = 1, Title = "a" })
            .Add("insert into notes (text, at) values ('mail me: someone@example.org', @At); select @@ROWCOUNT", new { At = 2 });

        Assert.That(batch.ToString(), Is.EqualTo(
            "update cases set title = @s0_Title where id = @s0_Id and @s0_Id is not null;\n" +
            "insert into notes (text, at) values ('mail me: someone@example.org', @s1_At); select @@ROWCOUNT;\n"));
    }

    [Test]
    public void Where_statements_are_joined_into_one_text_no_text_carries_more_parameters_than_the_limit_and_none_is_split()
    {
        var batch = new SqlBatch();
        for (var i = 0; i < 7; i++)
        {
            batch.Add("insert into probe (a, b, c) values (@A, @B, @C)", new { A = i, B = i, C = i });
        }

        var texts = batch.Texts(maxParameters: 6);

        Assert.Multiple(() =>
        {
            Assert.That(texts.Select(t => t.Split(";\n", StringSplitOptions.RemoveEmptyEntries).Length), Is.EqualTo(new[] { 2, 2, 2, 1 }));
            Assert.That(texts[3], Is.EqualTo("insert into probe (a, b, c) values (@s6_A, @s6_B, @s6_C);\n"));
            Assert.That(batch.Texts(maxParameters: 2), Has.Count.EqualTo(7), "a statement with more parameters than the limit travels alone");
        });
    }

    [Test]
    public void A_parameter_without_a_value_is_refused_when_added_not_when_sent()
    {
        var batch = new SqlBatch();

        Assert.Multiple(() =>
        {
            Assert.That(() => batch.Add("update cases set title = @Title where id = @Id", new { Id = 1 }),
                Throws.ArgumentException.With.Message.Contains("@Title"));
            Assert.That(() => batch.Add("delete from cases where id = @Id", new Dictionary<string, object>()),
                Throws.ArgumentException.With.Message.Contains("@Id"));
            Assert.That(batch.Count, Is.Zero);
        });
    }

    [Test]
    public void PostgreSQL_connections_prepare_statements_and_skip_the_session_reset_unless_the_operator_said_otherwise()
    {
        var dialect = new PostgreSqlDialect();

        var defaults = new NpgsqlConnectionStringBuilder(dialect.WithServiceDefaults("Host=db;Database=dispatch"));
        var chosen = new NpgsqlConnectionStringBuilder(dialect.WithServiceDefaults(
            "Host=db;Database=dispatch;Max Auto Prepare=0;NoResetOnClose=false;auto prepare min usages=7"));

        Assert.Multiple(() =>
        {
            Assert.That((defaults.MaxAutoPrepare, defaults.AutoPrepareMinUsages, defaults.NoResetOnClose), Is.EqualTo((64, 2, true)));
            Assert.That((chosen.MaxAutoPrepare, chosen.AutoPrepareMinUsages, chosen.NoResetOnClose), Is.EqualTo((0, 7, false)));
            Assert.That(new SqlServerDialect().WithServiceDefaults("Server=db;Database=dispatch"), Is.EqualTo("Server=db;Database=dispatch"));
        });
    }
}
