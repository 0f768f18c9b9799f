using System.Net;
using Dispatch.Tests.Support;
using Dispatch.Workers.Storage;

namespace Dispatch.Tests.Integration.EndToEnd;

/// <summary>A case accepted while the broker is down is kept in the outbox and dispatched once the broker is back.</summary>
[Category("Integration")]
[NonParallelizable]
public sealed class BrokerOutageSpecs : HotlineFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Outbox:PublishTimeout"] = "00:00:02",
        ["Outbox:MaxBackoff"] = "00:00:01",
    };


    [Test]
    public async Task A_case_filed_while_the_broker_is_stopped_is_accepted_and_dispatched_after_the_broker_restarts()
    {
        string number;
        await Broker.StopAsync();
        try
        {
            using var response = await Hotline.Api.FileAsync(Requests.NightNoise(), Guid.NewGuid().ToString());
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), "the API accepts while the broker is down");
            number = (await Hotline.Api.GetCaseAsync(response.Headers.Location!.ToString().Split('/')[^1])).Number;

            var pending = await Db.ScalarAsync<long>(
                "select count(*) from outbox where sent_at is null and case_id = (select id from cases where number = @number)", new { number });
            using var workers = Hotline.Workers;
            var workersReady = await Poller.UntilAsync(
                async () => (await workers.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode,
                status => status == HttpStatusCode.ServiceUnavailable, "the Workers to report not ready without the broker");
            using var apiReady = await Hotline.Anonymous().GetAsync(new Uri("/health/ready", UriKind.Relative));
            Assert.Multiple(async () =>
            {
                Assert.That(pending, Is.EqualTo(1), "the CaseFiled message waits in the outbox");
                Assert.That((await Hotline.Api.GetCaseAsync(number)).Status, Is.EqualTo("filed"));
                Assert.That(workersReady, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
                Assert.That(apiReady.StatusCode, Is.EqualTo(HttpStatusCode.OK), "intake does not need the broker");
            });
        }
        finally
        {
            await Broker.StartAsync();
        }

        var dispatched = await Hotline.Api.WaitForStatusAsync(number, "dispatched", TimeSpan.FromSeconds(120));
        using var workersAgain = Hotline.Workers;
        var readyAgain = await Poller.UntilAsync(
            async () => (await workersAgain.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode,
            status => status == HttpStatusCode.OK, "the Workers to be ready again", TimeSpan.FromSeconds(60));
        var history = await Hotline.Api.GetHistoryAsync(number);

        Assert.Multiple(async () =>
        {
            Assert.That(dispatched.LeadDepartmentCode, Is.EqualTo("UM"));
            Assert.That(readyAgain, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(history.Select(h => h.Action), Is.EqualTo(new[] { "file", "dispatch" }));
            Assert.That(await Poller.UntilAsync(() => Db.ScalarAsync<long>("select count(*) from outbox where sent_at is null"),
                n => n == 0, "the outbox to drain"), Is.Zero);
        });
    }
}
