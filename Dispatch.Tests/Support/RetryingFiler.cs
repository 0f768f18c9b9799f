using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Dispatch.Tests.Support;

/// <summary>
/// Files cases through a fault scenario's Api processes as a careful client does while faults land: each case with its own
/// Idempotency-Key, a 503 or a refused connection retried with the same key on the next Api, so each case is answered 201
/// exactly once however often it was tried. A 4xx fails the spec at once; another 5xx is counted (the scenarios expect none) and
/// tried again like a 503.
/// </summary>
/// <param name="Apis">Where the Api processes listen; case i starts at Api i and moves on with each try.</param>
/// <param name="Token">The agent's bearer token.</param>
/// <param name="Title">The cases' title, numbered (e.g. 故障演练 12), so a scenario's cases read as its own.</param>
/// <param name="Pause">Between one filer's cases: a steady stream, not a flood, so the faults land in the middle of it.</param>
/// <param name="RetryPause">How long a client waits before it tries again, given the answer's Retry-After (none for a refused connection).</param>
/// <param name="GiveUpAfter">A case not accepted by then fails the spec.</param>
public sealed record RetryingFiler(IReadOnlyList<Uri> Apis, string Token, string Title, TimeSpan Pause, Func<TimeSpan?, TimeSpan> RetryPause,
    TimeSpan GiveUpAfter)
{
    /// <summary>What a run was answered: the cases accepted (in no order), the 503 answers retried, other 5xx answers.</summary>
    public sealed record Run(List<string> Numbers, int Unavailable, int ServerErrors, int UnavailableWithoutRetryAfter)
    {
        public static Run operator +(Run a, Run b) => new([.. a.Numbers, .. b.Numbers], a.Unavailable + b.Unavailable,
            a.ServerErrors + b.ServerErrors, a.UnavailableWithoutRetryAfter + b.UnavailableWithoutRetryAfter);
    }

    /// <summary>
    /// Files <paramref name="count"/> cases (and more while <paramref name="more"/> says so) with <paramref name="concurrency"/>
    /// filers at once. <paramref name="onAccepted"/> hears each accepted case's number and how many have been accepted so far.
    /// </summary>
    public async Task<Run> FileAsync(int count, int concurrency, Action<string, int> onAccepted, Func<bool>? more = null)
    {
        var numbers = new ConcurrentBag<string>();
        var unavailable = 0;
        var withoutRetryAfter = 0;
        var serverErrors = 0;
        var next = -1;
        var acceptedCount = 0;
        var clients = Apis.Select(a => new HttpClient { BaseAddress = a, Timeout = TimeSpan.FromSeconds(30) }).ToList();
        try
        {
            foreach (var client in clients)
            {
                client.DefaultRequestHeaders.Authorization = new("Bearer", Token);
            }

            await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
            {
                for (int i; (i = Interlocked.Increment(ref next)) < count || more?.Invoke() == true;)
                {
                    var key = Guid.NewGuid().ToString();
                    var clock = Stopwatch.StartNew();
                    for (var attempt = 0; ; attempt++)
                    {
                        HttpStatusCode? status = null;
                        string? created = null;
                        TimeSpan? retryAfter = null;
                        try
                        {
                            using var response = await clients[(i + attempt) % clients.Count].FileAsync(Requests.NightNoise($"{Title} {i}"), key);
                            status = response.StatusCode;
                            if (status == HttpStatusCode.Created)
                            {
                                created = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetString();
                            }
                            else if (response.Headers.RetryAfter?.Delta is { } delta)
                            {
                                retryAfter = delta;
                            }
                        }
                        catch (HttpRequestException)
                        {
                            // A refused connection (an Api stopped, or not up yet): tried again below, like a 503.
                        }

                        if (created is not null)
                        {
                            numbers.Add(created);
                            onAccepted(created, Interlocked.Increment(ref acceptedCount));
                            if (Pause > TimeSpan.Zero)
                            {
                                await Task.Delay(Pause);
                            }

                            break;
                        }

                        if (status == HttpStatusCode.ServiceUnavailable)
                        {
                            Interlocked.Increment(ref unavailable);
                            if (retryAfter is null)
                            {
                                Interlocked.Increment(ref withoutRetryAfter);
                            }
                        }
                        else if (status is { } s && (int)s >= 500)
                        {
                            Interlocked.Increment(ref serverErrors);
                        }
                        else if (status is not null)
                        {
                            Assert.Fail($"Filing case {i} was answered {status}");
                        }

                        if (clock.Elapsed > GiveUpAfter)
                        {
                            Assert.Fail($"Case {i} was not accepted within {GiveUpAfter.TotalSeconds:0} s of retries");
                        }

                        // The client's pause before it tries again, not a wait for an outcome.
                        await Task.Delay(RetryPause(retryAfter));
                    }
                }
            }));
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }

        return new Run([.. numbers], unavailable, serverErrors, withoutRetryAfter);
    }
}
