namespace Dispatch.Workers.Deadlines;

/// <summary>Section "Deadlines".</summary>
public sealed class DeadlineOptions
{
    public const string Section = "Deadlines";

    /// <summary>The calendar of every department that has none of its own.</summary>
    [System.ComponentModel.DataAnnotations.Required]
    public string CenterCalendarCode { get; set; } = "CENTER";

    /// <summary>How long a process keeps its copy of calendars and policies.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often an idle sweeper looks for alarms that are due.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(1);

    [System.ComponentModel.DataAnnotations.Range(1, 10_000)]
    public int SweepBatchSize { get; set; } = 200;

    /// <summary>Run the deadline sweeper in this process.</summary>
    public bool SweeperEnabled { get; set; } = true;
}
