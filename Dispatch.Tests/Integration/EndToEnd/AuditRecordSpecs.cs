using System.Net;
using System.Net.Http.Json;
using Dapper;
using Dispatch.Api.Apis;
using Dispatch.Tests.Support;
using Dispatch.Workers.Cases;

namespace Dispatch.Tests.Integration.EndToEnd;

/// <summary>The audit trail is append-only for the application, and a change made around it is detected by the hash chain.</summary>
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

    [Test]
    public async Task An_untouched_trail_verifies_and_each_row_is_chained_to_the_one_before()
    {
        var number = await CaseWithHistory();

        var verification = await Verify(number);
        var hashes = await Db.QueryAsync<string?>(
            "select hash from case_audit where case_id = (select id from cases where number = @number) order by seq", new { number });

        Assert.Multiple(() =>
        {
            Assert.That((verification.Intact, verification.Rows, verification.FirstBrokenSeq), Is.EqualTo((true, 5, (int?)null)));
            Assert.That(hashes, Has.All.Length.EqualTo(64));
            Assert.That(hashes.Distinct().Count(), Is.EqualTo(5));
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

    [Test]
    public async Task A_row_changed_around_the_trigger_is_found_by_the_chain()
    {
        var number = await CaseWithHistory();

        // Only the table's owner can do this (migrations run as the owner; the application should not; see the README).
        await using (var connection = await Db.Database.OpenAsync(CancellationToken.None))
        {
            await connection.ExecuteAsync("""
                alter table case_audit disable trigger case_audit_append_only;
                update case_audit set actor = 'someone-else' where case_id = (select id from cases where number = @number) and seq = 3;
                alter table case_audit enable trigger case_audit_append_only;
                """, new { number });
        }

        var verification = await Verify(number);
        using var handler = await (await As("um.handler")).GetAsync(new Uri($"/api/cases/{number}/audit/verify", UriKind.Relative));

        Assert.Multiple(() =>
        {
            Assert.That((verification.Intact, verification.FirstBrokenSeq), Is.EqualTo((false, (int?)3)));
            Assert.That(handler.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        });
    }
}
