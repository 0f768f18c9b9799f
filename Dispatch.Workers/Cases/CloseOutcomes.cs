namespace Dispatch.Workers.Cases;

public static class CloseOutcomes
{
    public const string Direct = "direct";
    public const string Satisfied = "satisfied";
    public const string Unreachable = "unreachable";
    public const string Merged = "merged";

    /// <summary>就地办结: a grid worker's patrol report, resolved where it was found and closed as it was filed.</summary>
    public const string OnSpot = "on-spot";
}
