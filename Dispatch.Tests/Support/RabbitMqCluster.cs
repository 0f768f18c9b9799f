using System.Globalization;

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

    private RabbitMqCluster()
    {
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
        // --online: only the queues of reachable nodes, so that the listing does not wait out the node that was just killed.
        foreach (var line in await ListQueuesAsync("--online", "name", "leader"))
        {
            if (line is [var name, var leader] && name == queue && leader.StartsWith("dispatch-faults-", StringComparison.Ordinal))
            {
                return int.Parse(leader["dispatch-faults-".Length..].Split('@')[0], CultureInfo.InvariantCulture);
            }
        }

        return null;
    }

    /// <summary>Every queue with the messages it holds (ready and unacknowledged), as a node that runs sees them.</summary>
    public async Task<IReadOnlyDictionary<string, long>> QueueDepthsAsync() =>
        (await ListQueuesAsync("name", "messages"))
            .Where(parts => parts.Length == 2 && long.TryParse(parts[1], CultureInfo.InvariantCulture, out _))
            .ToDictionary(parts => parts[0], parts => long.Parse(parts[1], CultureInfo.InvariantCulture));

    /// <summary>How many nodes the cluster's running nodes see running (3 when whole).</summary>
    public async Task<int> RunningNodesAsync() =>
        int.Parse((await CtlAsync("eval", "length(rabbit_nodes:all_running()).")).Trim(), CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync() => await RemoveAsync();

    /// <summary>Kills every node and removes the cluster's folders (also what a half-started cluster leaves).</summary>
    public static Task RemoveAsync() => LocalScripts.RunAsync("faults_rabbit_cluster_down");

    private async Task<IReadOnlyList<string[]>> ListQueuesAsync(params string[] columns) =>
        [.. (await CtlAsync(["list_queues", "-p", VirtualHost, "--no-table-headers", .. columns]))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('\t'))];

    private Task<string> CtlAsync(params string[] arguments)
    {
        var node = Array.FindIndex(_running, 1, running => running);
        return LocalScripts.RunAsync("faults_rabbit_run", [node.ToString(CultureInfo.InvariantCulture), "rabbitmqctl", "-q", .. arguments]);
    }
}
