namespace Dispatch.Workers.Hosting;

/// <summary>Section "RabbitMq". The password comes from the environment (RabbitMq__Password), never from the repo.</summary>
public sealed class RabbitMqOptions
{
    public const string Section = "RabbitMq";

    /// <summary>A broker, or a cluster's nodes separated by commas (rabbitmq-1,rabbitmq-2,rabbitmq-3).</summary>
    [System.ComponentModel.DataAnnotations.Required]
    public string Host { get; set; } = "127.0.0.1";

    public IReadOnlyList<string> Nodes => Host.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

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
