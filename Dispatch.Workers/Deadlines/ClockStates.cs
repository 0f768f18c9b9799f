namespace Dispatch.Workers.Deadlines;

/// <summary>The states of a case's clock, as case_clocks.state holds them.</summary>
public static class ClockStates
{
    public const string Running = "running";
    public const string Paused = "paused";
    public const string Stopped = "stopped";
}
