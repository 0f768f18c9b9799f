using System.Diagnostics;
using System.Net;
using Dispatch.Tests.Support;
using Dispatch.Workers.Access;

namespace Dispatch.Tests.Integration.EndToEnd;

/// <summary>
/// What one caller may ask of the Api: requests per user and per address, failed sign-ins per address, made-up tokens that cost
/// the database nothing, exports per user at once. The budgets here are small and refill once an hour, so that a spec meets a limit
/// after a known number of calls and nothing refills while it runs. The host trusts X-Forwarded-For (as behind a proxy), so each
/// spec calls from addresses of its own.
/// </summary>
[Category("Integration")]
public sealed class AbuseSpecs : HotlineFixture
{
    private const int PerUser = 20;
    private const int PerAddress = 10;
    private const int FailedSignIns = 3;
    private const string NoSuchCase = "/api/cases/261121000010";

    private readonly ManualClock _clock = new(DateTimeOffset.UtcNow);

    protected override bool WithWorkers => false;

    protected override TimeProvider? Clock => _clock;

    protected override IReadOnlyDictionary<string, string?>? Settings => new Dictionary<string, string?>
    {
        ["ForwardedHeaders_Enabled"] = "true",
        ["RateLimits:PerUser:PermitLimit"] = $"{PerUser}",
        ["RateLimits:PerUser:PermitsPerPeriod"] = "1",
        ["RateLimits:PerUser:Period"] = "01:00:00",
        ["RateLimits:PerAddress:PermitLimit"] = $"{PerAddress}",
        ["RateLimits:PerAddress:PermitsPerPeriod"] = "1",
        ["RateLimits:PerAddress:Period"] = "01:00:00",
        ["RateLimits:FailedSignIns:PermitLimit"] = $"{FailedSignIns}",
        ["RateLimits:FailedSignIns:PermitsPerPeriod"] = "1",
        ["RateLimits:FailedSignIns:Period"] = "01:00:00",
        ["RateLimits:ConcurrentExportsPerUser"] = "2",
        ["RateLimits:ExportRetryAfter"] = "00:00:07",
    };

    [Test]
    public async Task A_user_past_their_budget_is_answered_429_with_when_to_retry_while_other_users_go_on()
    {
        var agent = await As("agent2");
        for (var i = 0; i < PerUser; i++)
        {
            using var allowed = await GetAsync(agent, "/api/categories", from: $"203.0.113.{1 + (i % 5)}");
            Assert.That(allowed.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"call {i + 1} of {PerUser}");
        }

        using var refused = await GetAsync(agent, "/api/categories", from: "203.0.113.99");
        using var other = await GetAsync(await As("dispatcher1"), "/api/categories", from: "203.0.113.1");

        var problem = await refused.ProblemAsync();
        Assert.Multiple(() =>
        {
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests), "counted per user, whatever address the calls came from");
            Assert.That(refused.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromHours(1)), "one permit comes back an hour later");
            Assert.That(problem.GetProperty("status").GetInt32(), Is.EqualTo(429));
            Assert.That(problem.GetProperty("title").GetString(), Is.EqualTo("Too many requests."));
            Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("agent2").And.Contain($"{PerUser} at once").And.Contain("Try again in 3600 s"));
            Assert.That(other.StatusCode, Is.EqualTo(HttpStatusCode.OK), "another user, from the same address, has a budget of their own");
        });
    }

    [Test]
    public async Task Calls_without_a_token_are_limited_per_client_address()
    {
        using var anonymous = Hotline.Anonymous();
        for (var i = 0; i < PerAddress; i++)
        {
            using var answered = await GetAsync(anonymous, NoSuchCase, from: "198.51.100.10");
            Assert.That(answered.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), $"call {i + 1} of {PerAddress}");
        }

        using var refused = await GetAsync(anonymous, NoSuchCase, from: "198.51.100.10");
        using var neighbour = await GetAsync(anonymous, NoSuchCase, from: "198.51.100.11");

        var problem = await refused.ProblemAsync();
        Assert.Multiple(() =>
        {
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
            Assert.That(refused.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromHours(1)));
            Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("Your address").And.Contain("Try again in"));
            Assert.That(neighbour.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "another address has a budget of its own");
        });
    }

    [Test]
    public async Task Probes_and_scrapers_are_never_limited()
    {
        using var anonymous = Hotline.Anonymous();
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < PerAddress * 3; i++)
        {
            using var live = await GetAsync(anonymous, "/health/live", from: "198.51.100.20");
            using var metrics = await GetAsync(anonymous, "/metrics", from: "198.51.100.20", authorization: $"Bearer {Hotline.MetricsToken}");
            answers.Add(live.StatusCode);
            answers.Add(metrics.StatusCode);
        }

        Assert.That(answers, Has.All.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task A_flood_of_made_up_tokens_from_one_address_is_answered_429_and_asks_the_database_no_more_than_its_budget()
    {
        const string flooder = "192.0.2.50";
        using var lookups = new TokenLookups(Db.Name);
        using var anonymous = Hotline.Anonymous();
        var answers = new List<HttpStatusCode>();
        HttpResponseMessage? firstRefusal = null;
        for (var i = 0; i < 50; i++)
        {
            var answer = await GetAsync(anonymous, NoSuchCase, from: flooder, authorization: $"Bearer {UserDirectory.NewToken()}");
            answers.Add(answer.StatusCode);
            if (answer.StatusCode == HttpStatusCode.TooManyRequests && firstRefusal is null)
            {
                firstRefusal = answer;
            }
            else
            {
                answer.Dispose();
            }
        }

        var databaseLookups = lookups.Count;
        using var refusal = firstRefusal;
        var problem = refusal is null ? default : await refusal.ProblemAsync();
        // A token this process accepted moments ago (agent1, from elsewhere) still works from the flooded address; one it has not
        // seen cannot be told from a made-up one without asking the database, so it waits like them.
        using (await GetAsync(Hotline.Api, NoSuchCase, from: "192.0.2.51"))
        {
        }

        using var colleague = await GetAsync(Hotline.Api, NoSuchCase, from: flooder);
        var fresh = await new UserDirectory(Db.Database, TimeProvider.System).IssueTokenAsync("visitor1", "abuse", null, CancellationToken.None);
        using var stranger = await GetAsync(anonymous, NoSuchCase, from: flooder, authorization: $"Bearer {fresh}");

        Assert.Multiple(() =>
        {
            Assert.That(answers.Take(FailedSignIns), Has.All.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(answers.Skip(FailedSignIns), Has.All.EqualTo(HttpStatusCode.TooManyRequests));
            Assert.That(databaseLookups, Is.EqualTo(FailedSignIns), "one lookup per failed sign-in the budget allows, none after");
            Assert.That(refusal?.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromHours(1)));
            Assert.That(refusal is null ? null : problem.GetProperty("title").GetString(), Is.EqualTo("Too many failed sign-ins."));
            Assert.That(colleague.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "signed in: the case simply does not exist");
            Assert.That(stranger.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        });
    }

    [Test]
    public async Task The_same_made_up_token_from_many_addresses_is_looked_up_once_until_the_miss_is_forgotten()
    {
        var madeUp = $"Bearer {UserDirectory.NewToken()}";
        using var lookups = new TokenLookups(Db.Name);
        using var anonymous = Hotline.Anonymous();
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 20; i++)
        {
            using var answer = await GetAsync(anonymous, NoSuchCase, from: $"192.0.2.{100 + i}", authorization: madeUp);
            answers.Add(answer.StatusCode);
        }

        var whileRemembered = lookups.Count;
        _clock.Advance(UserDirectory.MissesFor + TimeSpan.FromSeconds(1));
        using (var again = await GetAsync(anonymous, NoSuchCase, from: "192.0.2.130", authorization: madeUp))
        {
            answers.Add(again.StatusCode);
        }

        Assert.Multiple(() =>
        {
            Assert.That(answers, Has.All.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(whileRemembered, Is.EqualTo(1), "twenty addresses, one token: one lookup");
            Assert.That(lookups.Count, Is.EqualTo(2), "looked up again once the miss is older than UserDirectory.MissesFor");
        });
    }

    [Test]
    public async Task A_token_refused_because_its_user_was_inactive_works_as_soon_as_the_user_is_active_again()
    {
        var token = await new UserDirectory(Db.Database, TimeProvider.System).IssueTokenAsync("agent1", "reactivated", null, CancellationToken.None);
        using var client = Hotline.Anonymous();
        await Db.ScalarAsync<int>("update users set active = false where username = 'agent1' returning 1");
        HttpStatusCode whileInactive, onceActive;
        try
        {
            using var refused = await GetAsync(client, NoSuchCase, from: "192.0.2.200", authorization: $"Bearer {token}");
            whileInactive = refused.StatusCode;
        }
        finally
        {
            await Db.ScalarAsync<int>("update users set active = true where username = 'agent1' returning 1");
        }

        using (var accepted = await GetAsync(client, NoSuchCase, from: "192.0.2.200", authorization: $"Bearer {token}"))
        {
            onceActive = accepted.StatusCode;
        }

        Assert.Multiple(() =>
        {
            Assert.That(whileInactive, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(onceActive, Is.EqualTo(HttpStatusCode.NotFound), "signed in at once: a refusal of a token that exists is not remembered");
        });
    }

    [Test]
    public async Task A_users_third_export_at_once_is_refused_429_while_two_stream_and_is_taken_once_one_ends()
    {
        var supervisor = await As("supervisor1");
        var handler = await As("um.handler");
        const string export = "/api/cases/export?format=csv";
        List<Task<HttpResponseMessage>> running;
        HttpResponseMessage refused;
        HttpStatusCode json;
        // The spec holds the cases table, so that the exports it starts stay running (each holding its permit) until it lets go.
        await using (await HeldTable.HoldAsync(Db, "cases"))
        {
            running = [GetAsync(supervisor, export, from: "203.0.113.60"), GetAsync(supervisor, export, from: "203.0.113.60"),
                GetAsync(handler, export, from: "203.0.113.61")];
            await Poller.UntilAsync(() => Db.ScalarAsync<long>(
                "select count(*) from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock' and query like '%order by c.filed_at, c.id%'"),
                waiting => waiting == running.Count, "the three exports to be waiting for the cases table");

            refused = await GetAsync(supervisor, export, from: "203.0.113.60");
            using var definitions = await GetAsync(supervisor, "/api/reports/definitions", from: "203.0.113.60");
            json = definitions.StatusCode;
        }

        var finished = await Task.WhenAll(running);
        using var afterwards = await GetAsync(supervisor, export, from: "203.0.113.60");
        using var refusal = refused;
        var problem = await refusal.ProblemAsync();
        Assert.Multiple(() =>
        {
            Assert.That(refusal.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
            Assert.That(refusal.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(7)), "RateLimits:ExportRetryAfter");
            Assert.That(problem.GetProperty("title").GetString(), Is.EqualTo("Too many exports at once."));
            Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("2 exports at a time"));
            Assert.That(json, Is.EqualTo(HttpStatusCode.OK), "a report answered in JSON is not an export");
            Assert.That(finished.Select(r => r.StatusCode), Has.All.EqualTo(HttpStatusCode.OK), "the two running and another user's were not disturbed");
            Assert.That(finished.Select(r => r.Content.Headers.ContentType?.MediaType), Has.All.EqualTo("text/csv"));
            Assert.That(afterwards.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the permits came back when the exports ended");
        });
        foreach (var response in finished)
        {
            response.Dispose();
        }
    }

    private static async Task<HttpResponseMessage> GetAsync(HttpClient client, string path, string from, string? authorization = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.TryAddWithoutValidation("X-Forwarded-For", from);
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        return await client.SendAsync(request);
    }

    /// <summary>
    /// Counts the token lookups that reach this fixture's database, from Npgsql's own tracing: what the database was asked, not
    /// what the directory says it asked.
    /// </summary>
    private sealed class TokenLookups : IDisposable
    {
        private readonly ActivityListener _listener;
        private int _count;

        public TokenLookups(string database)
        {
            _listener = new ActivityListener
            {
                ShouldListenTo = source => source.Name == "Npgsql",
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
                ActivityStopped = activity =>
                {
                    if (activity.GetTagItem("db.namespace") as string == database
                        && activity.GetTagItem("db.query.text") is string query && query.Contains("from user_tokens", StringComparison.Ordinal))
                    {
                        Interlocked.Increment(ref _count);
                    }
                },
            };
            ActivitySource.AddActivityListener(_listener);
        }

        public int Count => Volatile.Read(ref _count);

        public void Dispose() => _listener.Dispose();
    }
}
