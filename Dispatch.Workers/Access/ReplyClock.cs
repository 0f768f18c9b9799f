namespace Dispatch.Workers.Access;

/// <summary>Where a case's reply clock stands, as far as what a person may do to it goes: pausing needs it running, resuming paused.</summary>
public enum ReplyClock
{
    /// <summary>No reply clock runs or waits: none was started, or it stopped.</summary>
    None,
    Running,
    Paused,
}
