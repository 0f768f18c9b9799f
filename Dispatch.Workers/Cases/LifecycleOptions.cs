namespace Dispatch.Workers.Cases;

/// <summary>Section "Lifecycle".</summary>
public sealed class LifecycleOptions
{
    public const string Section = "Lifecycle";

    /// <summary>Return-visit attempts after which a caller who cannot be reached closes the case as unreachable.</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 10)]
    public int MaxVisitAttempts { get; set; } = 3;
}
