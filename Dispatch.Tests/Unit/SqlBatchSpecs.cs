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
    public void Without_arrays_a_row_insert_becomes_multi_row_values_lists_within_SQL_Server_s_limits()
    {
        var insert = new RowInsert("probe", ("a", typeof(int)), ("b", typeof(string)));
        var batch = new SqlBatch();
        for (var i = 0; i < 2_500; i++)
        {
            batch.Insert(insert, i, null);
        }

        var texts = batch.Texts(maxParameters: int.MaxValue);

        Assert.Multiple(() =>
        {
            Assert.That(texts, Has.Count.EqualTo(1));
            Assert.That(texts[0].Split(";\n", StringSplitOptions.RemoveEmptyEntries).Select(t => t.Split("), (").Length),
                Is.EqualTo(new[] { 1_000, 1_000, 500 }), "at most 1,000 rows in one VALUES list");
            Assert.That(texts[0], Does.StartWith("insert into probe (a, b) values (@s0_a_0, @s0_b_0), (@s0_a_1, @s0_b_1)"));
            Assert.That(() => batch.Insert(insert, 1), Throws.ArgumentException.With.Message.Contains("probe takes 2 values"));
            Assert.That(() => batch.Insert(insert, null, "b"), Throws.ArgumentException.With.Message.Contains("probe.a is declared Int32, not nullable"));
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
