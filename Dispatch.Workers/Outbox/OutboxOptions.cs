namespace Dispatch.Workers.Outbox;

/// <summary>Section "Outbox".</summary>
public sealed class OutboxOptions
{
    public const string Section = "Outbox";

    /// <summary>Publish from this process: its own messages as they commit, and the relay's share of what others left behind.</summary>
    public bool RelayEnabled { get; set; } = true;

    /// <summary>
    /// The most rows a relay claims, and messages the publisher sends, at a time. Up to 1,000 on SQL Server: a delete lists up to
    /// twice this many ids as parameters.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(1, 10_000)]
    public int BatchSize { get; set; } = 100;

    /// <summary>How often the relay looks for rows their writers did not publish.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// How long a row must have been in the table before the relay takes it: its writer publishes it at once, and within this
    /// time the relay would only send it a second time. Also how long a process's stopping can hold up the messages it left.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan RelayAfter { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How many committed messages may wait for this process's publisher; beyond that they wait for the relay.</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 1_000_000)]
    public int HandOffCapacity { get; set; } = 10_000;

    /// <summary>How long the rows of published messages may wait to be deleted together (far below <see cref="RelayAfter"/>).</summary>
    [System.ComponentModel.DataAnnotations.Range(typeof(TimeSpan), "00:00:00", "00:00:05")]
    public TimeSpan DeleteDelay { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>How long a batch may wait for the broker's confirms before it is rolled back and tried again.</summary>
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long to wait after <paramref name="failures"/> failures in a row: doubling from 200 ms, jittered, at most <see cref="MaxBackoff"/>.</summary>
    public TimeSpan Backoff(int failures) => TimeSpan.FromMilliseconds(Math.Min(MaxBackoff.TotalMilliseconds,
        100 * Math.Pow(2, Math.Min(failures, 10)) * (0.5 + Random.Shared.NextDouble())));
}
