using System.Net;
using Dispatch.Tests.Support;

namespace Dispatch.Tests.Integration.EndToEnd;

/// <summary>
/// A request that outlasts its time limit is stopped and answered 503 with Retry-After. The spec holds the cases table
/// (<see cref="HeldTable"/>), so the request cannot finish before its limit whatever the machine's speed; the limits are short so
/// that the spec is.
/// </summary>
[Category("Integration")]
public sealed class RequestTimeoutSpecs : HotlineFixture
{
    protected override bool WithWorkers => false;

    protected override IReadOnlyDictionary<string, string?>? Settings => new Dictionary<string, string?>
    {
        ["RequestTimeouts:Default"] = "00:00:02",
        ["RequestTimeouts:Exports"] = "00:00:04",
    };

    [Test]
    public async Task A_request_that_outlasts_its_limit_is_stopped_and_answered_503_with_when_to_retry()
    {
        var agent = await As("agent1");
        HttpResponseMessage stopped;
        await using (await HeldTable.HoldAsync(Db, "cases"))
        {
            stopped = await agent.GetAsync(new Uri("/api/cases/261121000010", UriKind.Relative));
        }

        using var answer = stopped;
        using var afterwards = await agent.GetAsync(new Uri("/api/cases/261121000010", UriKind.Relative));
        var problem = await answer.ProblemAsync();
        Assert.Multiple(() =>
        {
            Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(answer.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(5)));
            Assert.That(problem.GetProperty("title").GetString(), Is.EqualTo("The request took too long and was stopped."));
            Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("limit of 2 s").And.Contain("Idempotency-Key"));
            Assert.That(afterwards.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "answered as usual once the table is free");
        });
    }

    [Test]
    public async Task The_streamed_case_export_has_its_own_longer_limit_and_a_problem_not_a_cut_file_when_it_is_stopped_before_its_first_row()
    {
        var supervisor = await As("supervisor1");
        HttpResponseMessage stopped;
        await using (await HeldTable.HoldAsync(Db, "cases"))
        {
            stopped = await supervisor.GetAsync(new Uri("/api/cases/export?format=csv", UriKind.Relative));
        }

        using var answer = stopped;
        var problem = await answer.ProblemAsync();
        Assert.Multiple(() =>
        {
            Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("limit of 4 s"), "RequestTimeouts:Exports, not the default");
        });
    }
}
