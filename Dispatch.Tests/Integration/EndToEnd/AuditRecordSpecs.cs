using System.Net;
using System.Net.Http.Json;
using Dapper;
using Dispatch.Api.Apis;
using Dispatch.Tests.Support;
using Dispatch.Workers.Administration;
using Dispatch.Workers.Audit;
using Dispatch.Workers.Cases;
using Microsoft.Extensions.DependencyInjection;

namespace Dispatch.Tests.Integration.EndToEnd;

/// <summary>
/// The audit trail is append-only for the application, and any change made around it — by someone who can write to the database
/// but does not hold the audit key — is found by verification, which names the first row that fails and why.
/// </summary>
[Category("Integration")]
public sealed class AuditRecordSpecs : HotlineFixture
{
    protected override bool WithWorkers => false;

    private async Task<string> CaseWithHistory()
    {
        var filed = await Hotline.Api.FileCaseAsync(Requests.NightNoise());
        await (await As("dispatcher1")).ActAsync(filed.Number, "dispatch", new DispatchRequest("UM", ["ENV"], null));
        var um = await As("um.handler");
        await um.ActAsync(filed.Number, "sign");
        await um.ActAsync(filed.Number, "notes", new TextRequest("已到现场"));
        await um.ActAsync(filed.Number, "reply", new TextRequest("已处理"));
        return filed.Number;
    }

    private async Task<AuditVerification> Verify(string number) =>
        (await (await As("supervisor1")).GetFromJsonAsync<AuditVerification>(new Uri($"/api/cases/{number}/audit/verify", UriKind.Relative), ApiClient.Json))!;

    /// <summary>Runs <paramref name="sql"/> as the tables' owner with the append-only trigger off: what only the owner can do.</summary>
    private async Task AroundTheApplication(string number, string sql)
    {
        var id = await Db.ScalarAsync<Guid>("select id from cases where number = @number", new { number });
        await using var connection = await Db.Database.OpenAsync(CancellationToken.None);
        await connection.ExecuteAsync($"""
            alter table case_audit disable trigger case_audit_append_only;
            {sql};
            alter table case_audit enable trigger case_audit_append_only;
            """, new { id });
    }

    [Test]
    public async Task An_untouched_trail_verifies_against_its_case_and_every_row_names_its_key()
    {
        var number = await CaseWithHistory();

        var verification = await Verify(number);
        var rows = await Db.QueryAsync<(string Hash, string KeyId)>(
            "select hash, key_id from case_audit where case_id = (select id from cases where number = @number) order by seq", new { number });

        Assert.Multiple(() =>
        {
            Assert.That(verification, Is.EqualTo(new AuditVerification(number, 5, 5, true, null, null)));
            Assert.That(rows.Select(r => r.KeyId), Has.All.EqualTo(TestAuditKeys.KeyId));
            Assert.That(rows.Select(r => r.Hash).Distinct().Count(), Is.EqualTo(5));
        });
    }

    [TestCase("update case_audit set reason = 'rewritten' where case_id = (select id from cases where number = @number) and seq = 3")]
    [TestCase("delete from case_audit where case_id = (select id from cases where number = @number) and seq = 3")]
    public async Task The_application_cannot_change_or_remove_an_audit_row(string statement)
    {
        var number = await CaseWithHistory();

        Assert.That(async () => await Db.ScalarAsync<int>(statement + "; select 1", new { number }),
            Throws.InstanceOf<Npgsql.PostgresException>().With.Message.Contains("append-only"));
        Assert.That((await Verify(number)).Intact, Is.True);
    }

    // Each way of tampering the issue names, done as the owner around the trigger; verification must find it at the row named.
    [TestCase("change a field", "update case_audit set actor = 'someone-else' where case_id = @id and seq = 3", 3, "does not match its seal")]
    [TestCase("delete a middle row", "delete from case_audit where case_id = @id and seq = 3", 3, "Row 3 is missing")]
    [TestCase("delete the tail", "delete from case_audit where case_id = @id and seq >= 4", 4, "Rows 4 to 5 are missing")]
    [TestCase("delete all", "delete from case_audit where case_id = @id", 1, "no audit rows")]
    [TestCase("null a hash", "update case_audit set hash = null where case_id = @id and seq = 2", 2, "carries no seal")]
    [TestCase("swap two rows", """
        update case_audit set seq = 100 where case_id = @id and seq = 2;
        update case_audit set seq = 2 where case_id = @id and seq = 3;
        update case_audit set seq = 3 where case_id = @id and seq = 100
        """, 2, "does not match its seal")]
    [TestCase("insert a row", """
        insert into case_audit (case_id, seq, action, from_state, to_state, actor, occurred_at, hash, key_id)
        select case_id, 6, action, from_state, to_state, actor, occurred_at, hash, key_id from case_audit where case_id = @id and seq = 5
        """, 6, "beyond the case's version 5")]
    [TestCase("cut the tail and roll the case back", """
        delete from case_audit where case_id = @id and seq >= 4;
        update cases set version = 3, status = 'signed', audit_hash = (select hash from case_audit where case_id = @id and seq = 3) where id = @id
        """, 3, "stored head does not follow")]
    public async Task A_trail_tampered_around_the_application_is_found_at_the_row_that_fails(string scenario, string sql, int row, string why)
    {
        var number = await CaseWithHistory();

        await AroundTheApplication(number, sql);
        var verification = await Verify(number);

        Assert.That((verification.Intact, verification.FirstBrokenSeq), Is.EqualTo((false, (int?)row)), scenario);
        Assert.That(verification.Problem, Does.Contain(why), scenario);
    }

    [Test]
    public async Task A_trail_rechained_without_the_key_is_found()
    {
        var number = await CaseWithHistory();
        var id = await Db.ScalarAsync<Guid>("select id from cases where number = @number", new { number });
        var rows = (await Db.QueryAsync<AuditRow>($"{AuditRow.SelectSealed} where case_id = @id order by seq", new { id })).ToList();

        // Someone with the database rewrites a row and seals the whole trail again, under the key id the rows name, with a key they made up.
        var forged = AuditKeyRing.Of(TestAuditKeys.KeyId, new Dictionary<string, byte[]> { [TestAuditKeys.KeyId] = new byte[32] });
        string? head = null;
        var updates = new List<object>();
        foreach (var row in rows)
        {
            var entry = row.Seq == 3 ? row.ToEntry() with { Actor = "someone-else" } : row.ToEntry();
            var (_, seal) = AuditChain.Append(forged, head, id, entry);
            updates.Add(new { id, row.Seq, entry.Actor, seal.Hash });
            head = seal.Head;
        }

        await using (var connection = await Db.Database.OpenAsync(CancellationToken.None))
        {
            await connection.ExecuteAsync("alter table case_audit disable trigger case_audit_append_only");
            await connection.ExecuteAsync("update case_audit set actor = @Actor, hash = @Hash where case_id = @id and seq = @Seq", updates);
            await connection.ExecuteAsync("update cases set audit_hash = @head where id = @id", new { head, id });
            await connection.ExecuteAsync("alter table case_audit enable trigger case_audit_append_only");
        }

        var verification = await Verify(number);
        Assert.That((verification.Intact, verification.FirstBrokenSeq), Is.EqualTo((false, (int?)1)));
    }

    [Test]
    public async Task Only_the_center_s_supervisors_and_admins_may_verify()
    {
        var number = await CaseWithHistory();

        using var handler = await (await As("um.handler")).GetAsync(new Uri($"/api/cases/{number}/audit/verify", UriKind.Relative));

        Assert.That(handler.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task The_nightly_command_names_the_broken_cases_exits_non_zero_and_the_metrics_carry_the_result()
    {
        var intact = await CaseWithHistory();
        var broken = await CaseWithHistory();
        await AroundTheApplication(broken, "delete from case_audit where case_id = @id and seq = 5");
        var verifier = new AuditVerifier(Db.Database, TestAuditKeys.Ring, new AdminChanges(Db.Database, TestAuditKeys.Ring), TimeProvider.System);
        await using var services = new ServiceCollection().AddSingleton(verifier).BuildServiceProvider();
        var output = new StringWriter();

        var exit = await AuditVerifyCommand.RunAsync(services, [], output);
        using var scraper = Hotline.Anonymous();
        scraper.DefaultRequestHeaders.Authorization = new("Bearer", Hotline.MetricsToken);
        var metrics = await Poller.UntilAsync(() => scraper.GetStringAsync(new Uri("/metrics", UriKind.Relative)),
            text => BrokenInMetrics(text) > 0, "the last verification's broken cases in the Api's metrics");
        var nothingFiled = await AuditVerifyCommand.RunAsync(services, ["--from", "2099-01-01"], new StringWriter());

        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.EqualTo(1));
            Assert.That(output.ToString(), Does.Contain($"broken: case {broken}, row 5: Rows 5 to 5 are missing").And.Not.Contain(intact));
            Assert.That(output.ToString(), Does.Contain("administrative record: intact"));
            Assert.That(nothingFiled, Is.Zero, "no case filed in 2099, and the administrative record holds");
            Assert.That(metrics, Does.Contain("\ndispatch_audit_admin_record_broken 0\n"));
        });
    }

    private static long BrokenInMetrics(string text) =>
        System.Text.RegularExpressions.Regex.Match(text, @"\ndispatch_audit_cases_broken (\d+)\n") is { Success: true } m
            ? long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)
            : 0;
}
