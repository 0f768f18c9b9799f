using System.Net;
using Dispatch.Tests.Support;
using Dispatch.Workers.Storage;

namespace Dispatch.Tests.Integration.EndToEnd;

/// <summary>A case accepted while the broker is down is kept in the outbox and dispatched once the broker is back.</summary>
[Category("Integration")]
[NonParallelizable]
public sealed class BrokerOutageSpecs
{
    private TestDatabase _db = null!;
    private DispatchSystem _system = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _db = await TestDatabase.CreateAsync(DatabaseProvider.PostgreSql);
        _system = await DispatchSystem.StartAsync(_db, new Dictionary<string, string?>
        {
            ["Outbox:PublishTimeout"] = "00:00:02",
            ["Outbox:MaxBackoff"] = "00:00:01",
        });
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        await _system.DisposeAsync();
        await _db.DisposeAsync();
    }

    [Test]
    public async Task A_case_filed_while_the_broker_is_stopped_is_accepted_and_dispatched_after_the_broker_restarts()
    {
        string number;
        await Broker.StopAsync();
        try
        {
            using var response = await _system.Api.FileAsync(Requests.NightNoise(), Guid.NewGuid().ToString());
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), "the API accepts while the broker is down");
            number = (await _system.Api.GetCaseAsync(response.Headers.Location!.ToString().Split('/')[^1])).Number;

            var pending = await _db.ScalarAsync<long>(
                "select count(*) from outbox where sent_at is null and case_id = (select id from cases where number = @number)", new { number });
            using var workers = _system.Workers;
            var workersReady = await Poller.UntilAsync(
                async () => (await workers.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode,
                status => status == HttpStatusCode.ServiceUnavailable, "the Workers to report not ready without the broker");
            using var apiReady = await _system.Anonymous().GetAsync(new Uri("/health/ready", UriKind.Relative));
            Assert.Multiple(async () =>
            {
                Assert.That(pending, Is.EqualTo(1), "the CaseFiled message waits in the outbox");
                Assert.That((await _system.Api.GetCaseAsync(number)).Status, Is.EqualTo("filed"));
                Assert.That(workersReady, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
                Assert.That(apiReady.StatusCode, Is.EqualTo(HttpStatusCode.OK), "intake does not need the broker");
            });
        }
        finally
        {
            await Broker.StartAsync();
        }

        var dispatched = await _system.Api.WaitForStatusAsync(number, "dispatched", TimeSpan.FromSeconds(120));
        using var workersAgain = _system.Workers;
        var readyAgain = await Poller.UntilAsync(
            async () => (await workersAgain.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode,
            status => status == HttpStatusCode.OK, "the Workers to be ready again", TimeSpan.FromSeconds(60));
        var history = await _system.Api.GetHistoryAsync(number);

        Assert.Multiple(async () =>
        {
            Assert.That(dispatched.LeadDepartmentCode, Is.EqualTo("UM"));
            Assert.That(readyAgain, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(history.Select(h => h.Action), Is.EqualTo(new[] { "file", "dispatch" }));
            Assert.That(await Poller.UntilAsync(() => _db.ScalarAsync<long>("select count(*) from outbox where sent_at is null"),
                n => n == 0, "the outbox to drain"), Is.Zero);
        });
    }
}
