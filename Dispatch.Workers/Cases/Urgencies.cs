namespace Dispatch.Workers.Cases;

public static class Urgencies
{
    public const string Normal = "normal";
    public const string Urgent = "urgent";

    public static IReadOnlyList<string> All { get; } = [Normal, Urgent];
}
