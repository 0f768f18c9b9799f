namespace Dispatch.Workers.Hosting;

/// <summary>Section "RabbitMq". The password comes from the environment (RabbitMq__Password), never from the repo.</summary>
public sealed class RabbitMqOptions
{
    public const string Section = "RabbitMq";

    /// <summary>
    /// A broker, or a cluster's nodes separated by commas (rabbitmq-1,rabbitmq-2,rabbitmq-3); a node may name its own port
    /// (127.0.0.1:5681,127.0.0.1:5682), as the nodes of a cluster on one machine must. The order is the order they are tried in.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Required]
    [System.ComponentModel.DataAnnotations.RegularExpression(@"^\s*[^,:\s]+(:\d{1,5})?\s*(,\s*[^,:\s]+(:\d{1,5})?\s*)*$",
        ErrorMessage = "RabbitMq:Host must be host or host:port, several separated by commas.")]
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>Each node's host and port (<see cref="Port"/> where the node names none).</summary>
    public IReadOnlyList<(string Host, int Port)> Nodes =>
    [
        .. Host.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(node =>
            node.Split(':') is [var host, var port] ? (host, int.Parse(port, System.Globalization.CultureInfo.InvariantCulture)) : (node, (int)Port)),
    ];

    [System.ComponentModel.DataAnnotations.Range(1, 65535)]
    public ushort Port { get; set; } = 5672;

    public string VirtualHost { get; set; } = "/";

    [System.ComponentModel.DataAnnotations.Required]
    public string Username { get; set; } = "";

    [System.ComponentModel.DataAnnotations.Required(ErrorMessage = "RabbitMq:Password is required (environment variable RabbitMq__Password).")]
    public string Password { get; set; } = "";

    /// <summary>Declare receive queues as quorum queues (replicated on a cluster; RabbitMQ 3.8+).</summary>
    public bool QuorumQueues { get; set; } = true;

    [System.ComponentModel.DataAnnotations.Range(1, 1000)]
    public ushort PrefetchCount { get; set; } = 32;
}
