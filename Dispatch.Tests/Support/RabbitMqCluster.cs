using System.Globalization;
using System.Text.Json;

namespace Dispatch.Tests.Support;

/// <summary>
/// A three-node RabbitMQ cluster of a fixture's own on this machine (deploy/local/lib.sh, faults_rabbit_*: Debian's
/// rabbitmq-server with its own node names, ports, data folders and Erlang cookie; the configuration compose's cluster runs).
/// Its nodes are killed and started again without touching the RabbitMQ node the rest of the suite uses.
/// </summary>
public sealed class RabbitMqCluster : IAsyncDisposable
{
    private const int FirstPort = 5681;
    private readonly bool[] _running = [false, true, true, true];

    private readonly HttpClient _http;

    private RabbitMqCluster()
    {
        _http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        _http.DefaultRequestHeaders.Authorization = new("Basic",
            Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{User}:{Password}")));
    }

    public const string User = "dispatch";

    /// <summary>The dispatch user's password: the run's (deploy/local/lib.sh gives it to every node).</summary>
    public static string Password => LocalScripts.Credentials()["DISPATCH_PASSWORD"];

    public const string VirtualHost = "/";

    public static async Task<RabbitMqCluster> StartAsync()
    {
        await LocalScripts.RunAsync("faults_rabbit_cluster_up");
        return new RabbitMqCluster();
    }

    /// <summary>RabbitMq:Host for a process: all three nodes, starting at <paramref name="first"/> (1–3), so processes spread over them.</summary>
    public static string Hosts(int first) =>
        string.Join(',', Enumerable.Range(0, 3).Select(i => (first - 1 + i) % 3 + 1).Select(n => $"127.0.0.1:{FirstPort + n - 1}"));

    /// <summary>SIGKILL: the node dies as a machine would.</summary>
    public async Task KillAsync(int node)
    {
        _running[node] = false;
        await LocalScripts.RunAsync("faults_rabbit_node_kill", node.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>Starts a node again on its data; it rejoins the cluster, and its quorum queue replicas catch up.</summary>
    public async Task StartAsync(int node)
    {
        await LocalScripts.RunAsync("faults_rabbit_node_start", node.ToString(CultureInfo.InvariantCulture));
        _running[node] = true;
    }

    /// <summary>The node (1–3) leading a quorum queue, or null when it has none (no majority, or no such queue).</summary>
    public async Task<int?> LeaderOfAsync(string queue)
    {
        foreach (var q in await QueuesAsync())
        {
            if (q.Name == queue && q.Leader is { } leader && leader.StartsWith("dispatch-faults-", StringComparison.Ordinal))
            {
                return int.Parse(leader["dispatch-faults-".Length..].Split('@')[0], CultureInfo.InvariantCulture);
            }
        }

        return null;
    }

    /// <summary>Every queue with the messages it holds (ready and unacknowledged), as a node that runs sees them.</summary>
    public async Task<IReadOnlyDictionary<string, long>> QueueDepthsAsync() =>
        (await QueuesAsync()).Where(q => q.Messages is not null).ToDictionary(q => q.Name, q => q.Messages!.Value);

    /// <summary>How many nodes a running node sees running (3 when whole).</summary>
    public async Task<int> RunningNodesAsync()
    {
        using var nodes = await GetAsync("/api/nodes?columns=name,running");
        return nodes.RootElement.EnumerateArray().Count(n => n.TryGetProperty("running", out var running) && running.GetBoolean());
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await RemoveAsync();
    }

    /// <summary>Kills every node and removes the cluster's folders (also what a half-started cluster leaves).</summary>
    public static Task RemoveAsync() => LocalScripts.RunAsync("faults_rabbit_cluster_down");

    private sealed record QueueState(string Name, string? Leader, long? Messages);

    private async Task<IReadOnlyList<QueueState>> QueuesAsync()
    {
        using var queues = await GetAsync($"/api/queues/{Uri.EscapeDataString(VirtualHost)}?columns=name,leader,messages");
        return [.. queues.RootElement.EnumerateArray().Select(q => new QueueState(
            q.GetProperty("name").GetString()!,
            q.TryGetProperty("leader", out var leader) && leader.ValueKind == JsonValueKind.String ? leader.GetString() : null,
            q.TryGetProperty("messages", out var messages) && messages.ValueKind == JsonValueKind.Number ? messages.GetInt64() : null))];
    }

    /// <summary>
    /// The management HTTP API of the first node that runs (deploy/local/lib.sh turns the plugin on, as compose's image has it):
    /// much quicker than rabbitmqctl, which starts an Erlang VM per call (20 s on a busy machine).
    /// </summary>
    private async Task<JsonDocument> GetAsync(string path)
    {
        var node = Array.FindIndex(_running, 1, running => running);
        using var response = await _http.GetAsync(new Uri($"http://127.0.0.1:{FirstPort + 20 + node - 1}{path}"));
        response.EnsureSuccessStatusCode();
        return await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync());
    }
}
