using Dispatch.Workers.Storage;
using Dispatch.Workers.Storage.PostgreSql;
using Dispatch.Workers.Storage.SqlServer;
using Npgsql;
// SqlClient has a SqlBatch of its own (the driver batch ours becomes on SQL Server).
using SqlBatchCommand = Microsoft.Data.SqlClient.SqlBatchCommand;
using SqlConnection = Microsoft.Data.SqlClient.SqlConnection;
using SqlParameter = Microsoft.Data.SqlClient.SqlParameter;

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
    public void Without_arrays_a_list_is_spread_into_a_parameter_per_element_and_counts_as_that_many()
    {
        var batch = new SqlBatch()
            .Add("update probe set x = @X where id in @Ids and @X > 0", new { X = 1, Ids = new[] { 7, 8, 9 } })
            .Add("delete from probe where id in @None", new { None = Array.Empty<long>() })
            .Add("insert into probe (x) values (@X)", new { X = 2 });

        Assert.Multiple(() =>
        {
            Assert.That(batch.ToString(), Is.EqualTo(
                "update probe set x = @s0_X where id in (@s0_Ids__0, @s0_Ids__1, @s0_Ids__2) and @s0_X > 0;\n" +
                "delete from probe where id in (select null where 1 = 0);\n" +
                "insert into probe (x) values (@s2_X);\n"));
            // Counted as one parameter, the list would let the last insert join the first text and the text carry five.
            Assert.That(batch.Texts(maxParameters: 4).Select(t => t.Split(";\n", StringSplitOptions.RemoveEmptyEntries).Length),
                Is.EqualTo(new[] { 2, 1 }));
        });
    }

    [Test]
    public void On_SQL_Server_each_statement_is_a_batch_command_of_its_own_with_Dapper_s_declarations()
    {
        // No SQL Server runs here: this is what SqlClient is handed, checked without a server.
        var insert = new RowInsert("probe_rows", ("k", typeof(Guid)), ("note", typeof(string)));
        var (first, second) = (Guid.NewGuid(), Guid.NewGuid());
        var batch = new SqlBatch()
            .Add("update probe set name = @Name, note = @Note, body = @Body where id in @Ids",
                new { Name = "一", Note = (string?)null, Body = new string('x', 4_001), Ids = new[] { first, second } })
            .Insert(insert, first, "甲")
            .Insert(insert, second, null);
        using var connection = new SqlConnection("Server=nowhere;Database=dispatch");

        using var driverBatch = batch.ToBatch(connection);

        var commands = driverBatch.BatchCommands.Cast<SqlBatchCommand>().ToList();
        var update = commands[0].Parameters.Cast<SqlParameter>().ToDictionary(p => p.ParameterName);
        var rows = commands[1].Parameters.Cast<SqlParameter>().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(commands.Select(c => c.CommandText), Is.EqualTo(new[]
            {
                "update probe set name = @Name, note = @Note, body = @Body where id in (@Ids__0, @Ids__1)",
                "insert into probe_rows (k, note) values (@k_0, @note_0), (@k_1, @note_1)",
            }));
            Assert.That(update.Keys, Is.EquivalentTo(new[] { "Name", "Note", "Body", "Ids__0", "Ids__1" }));
            Assert.That((update["Ids__0"].Value, update["Ids__1"].Value), Is.EqualTo((first, second)));
            Assert.That((update["Name"].SqlDbType, update["Name"].Size), Is.EqualTo((System.Data.SqlDbType.NVarChar, 4_000)),
                "nvarchar(4000), as Dapper declares it: one cached plan whatever the length");
            Assert.That((update["Note"].Value, update["Note"].DbType), Is.EqualTo((DBNull.Value, System.Data.DbType.String)));
            Assert.That(update["Body"].Size, Is.EqualTo(4_001), "longer than 4,000 characters: SqlClient makes it nvarchar(max)");
            Assert.That(rows.Select(p => (p.ParameterName, p.Value)),
                Is.EqualTo(new[] { ("k_0", (object)first), ("note_0", "甲"), ("k_1", second), ("note_1", DBNull.Value) }));
        });
    }

    [Test]
    public void On_PostgreSQL_a_list_and_a_row_insert_s_rows_travel_as_arrays_in_constant_texts()
    {
        var insert = new RowInsert("probe_rows", ("k", typeof(Guid)), ("note", typeof(string)));
        var ids = new[] { Guid.NewGuid(), Guid.NewGuid() };
        var batch = new SqlBatch()
            .Add("update probe set name = @Name where id = any(@Ids)", new { Name = "一", Ids = ids })
            .Insert(insert, ids[0], "甲")
            .Insert(insert, ids[1], null);
        using var connection = new NpgsqlConnection("Host=nowhere;Database=dispatch");

        using var driverBatch = batch.ToBatch(connection);

        var commands = driverBatch.BatchCommands.Cast<NpgsqlBatchCommand>().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(commands[0].CommandText, Is.EqualTo("update probe set name = @Name where id = any(@Ids)"));
            Assert.That(commands[0].Parameters["Ids"].Value, Is.SameAs(ids));
            Assert.That(commands[0].Parameters["Name"].Size, Is.Zero);
            Assert.That(commands[1].CommandText, Does.StartWith("insert into probe_rows (k, note) select k, note from unnest(@k, @note)"));
            Assert.That(commands[1].Parameters["note"].Value, Is.EqualTo(new[] { "甲", null }));
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
