namespace Dispatch.Workers.Cases;

public static class CloseOutcomes
{
    public const string Direct = "direct";
    public const string Satisfied = "satisfied";
    public const string Unreachable = "unreachable";
    public const string Merged = "merged";
}
