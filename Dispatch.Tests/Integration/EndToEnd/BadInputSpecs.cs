using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dispatch.Api.Apis;
using Dispatch.Tests.Support;
using Dispatch.Workers.Access;
using Dispatch.Workers.Storage;

namespace Dispatch.Tests.Integration.EndToEnd;

/// <summary>
/// Every request of the bad-input corpus (Dispatch.Tests/BadInput/corpus.json: broken JSON, wrong types, missing and
/// oversized fields, unknown enums and codes, bad coordinates, control characters, 1 MB bodies, deep nesting,
/// injection strings, forged fields, wrong roles, other departments' cases, bad tokens, bad numbers and queries, bad uploads)
/// gets a 4xx with a ProblemDetails body through the real API, never a 5xx, and writes nothing.
/// </summary>
[Category("Integration")]
public sealed partial class BadInputSpecs : HotlineFixture
{
    protected override bool WithWorkers => false;

    private string _case = "";
    private readonly Dictionary<string, string> _tokens = [];

    public sealed record Entry(string Name, string Method, string Path, string? As, string? ContentType, string? Body,
        Dictionary<string, string> Headers, int? Expect)
    {
        public override string ToString() => Name;
    }

    private static IEnumerable<TestCaseData> Corpus() =>
        JsonSerializer.Deserialize<List<Entry>>(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "BadInput", "corpus.json")),
            JsonSerializerOptions.Web)!
        .Select((e, i) => new TestCaseData(e).SetName($"bad input {i:000}: {e.Name}"));

    [OneTimeSetUp]
    public async Task Start()
    {
        var filed = await Hotline.Api.FileCaseAsync(Requests.NightNoise());
        _case = (await (await Hotline.As("dispatcher1")).ActAsync(filed.Number, "dispatch", new DispatchRequest("UM", ["ENV"], null))).Number;
        var users = new UserDirectory(Db.Database, TimeProvider.System);
        _tokens["expired"] = await users.IssueTokenAsync("agent2", "expired", DateTimeOffset.UtcNow.AddMinutes(-1), CancellationToken.None);
        _tokens["revoked"] = await users.IssueTokenAsync("agent2", "revoked", null, CancellationToken.None);
        await users.RevokeTokensAsync("agent2", "revoked", CancellationToken.None);
    }

    private Task<long[]> RowCounts() => Db.ScalarAsync<string>("""
        select concat_ws(',', (select count(*) from cases), (select count(*) from case_audit), (select count(*) from outbox),
                              (select count(*) from idempotency_keys), (select count(*) from calendar_days), (select count(*) from calendar_versions),
                              (select count(*) from case_alarms), (select count(*) from case_visits), (select count(*) from routing_rule_versions),
                              (select count(*) from sla_policy_versions), (select count(*) from admin_changes), (select count(*) from users),
                              (select count(*) from user_tokens), (select count(*) from departments), (select count(*) from areas),
                              (select count(*) from categories), (select count(*) from calendars), (select count(*) from personal_data_access),
                              (select count(*) from knowledge_citations),
                              (select count(*) from user_passwords), (select count(*) from user_sessions),
                              (select count(*) from knowledge_entries), (select count(*) from knowledge_entry_versions), (select count(*) from knowledge_postings),
                              (select count(*) from knowledge_searches), (select count(*) from case_attachments))
        """).ContinueWith(t => t.Result.Split(',').Select(long.Parse).ToArray(), TaskScheduler.Default);

    [TestCaseSource(nameof(Corpus))]
    public async Task Is_refused_with_a_4xx_problem_and_writes_nothing(Entry entry)
    {
        using var client = await ClientFor(entry.As);
        var before = await RowCounts();
        var blobsBefore = BlobCount();
        using var request = new HttpRequestMessage(new HttpMethod(entry.Method), entry.Path.Replace("{case}", _case, StringComparison.Ordinal));
        if (entry.Body is not null)
        {
            request.Content = new StringContent(Expand(entry.Body.Replace("{case}", _case, StringComparison.Ordinal)), Encoding.UTF8);
            request.Content.Headers.ContentType = entry.ContentType is null ? null : System.Net.Http.Headers.MediaTypeHeaderValue.Parse(entry.ContentType);
        }

        foreach (var (name, value) in entry.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await client.SendAsync(request);
        var status = (int)response.StatusCode;
        var answer = await response.Content.ReadAsStringAsync();
        var after = await RowCounts();
        var blobsAfter = BlobCount();

        Assert.Multiple(() =>
        {
            Assert.That(status, entry.Expect is { } expected ? Is.EqualTo(expected) : Is.InRange(400, 499),
                $"{entry.Method} {entry.Path}: {answer[..Math.Min(300, answer.Length)]}");
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That(after, Is.EqualTo(before), "nothing written");
            Assert.That(blobsAfter, Is.EqualTo(blobsBefore), "no attachment's bytes stored");
        });
    }

    private int BlobCount() =>
        Directory.Exists(Hotline.AttachmentsPath) ? Directory.EnumerateFiles(Hotline.AttachmentsPath, "*", SearchOption.AllDirectories).Count() : 0;

    private async Task<HttpClient> ClientFor(string? who)
    {
        var client = Hotline.Anonymous();
        switch (who)
        {
            case null:
                break;
            case "expired" or "revoked":
                client.DefaultRequestHeaders.Authorization = new("Bearer", _tokens[who]);
                break;
            case { } token when token.StartsWith("token:", StringComparison.Ordinal):
                client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "Bearer " + token[6..]);
                break;
            case { } raw when raw.StartsWith("raw:", StringComparison.Ordinal):
                client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", raw[4..]);
                break;
            default:
                client.DefaultRequestHeaders.Authorization = (await Hotline.As(who)).DefaultRequestHeaders.Authorization;
                break;
        }

        return client;
    }

    /// <summary>@@repeat(unit,count)@@ stands for the unit repeated: how the corpus keeps its 1 MB bodies small.</summary>
    private static string Expand(string body) =>
        Repeat().Replace(body, m => new StringBuilder().Insert(0, m.Groups["unit"].Value, int.Parse(m.Groups["count"].Value,
            System.Globalization.CultureInfo.InvariantCulture)).ToString());

    [GeneratedRegex(@"@@repeat\((?<unit>.*?),(?<count>\d+)\)@@", RegexOptions.Singleline)]
    private static partial Regex Repeat();
}
