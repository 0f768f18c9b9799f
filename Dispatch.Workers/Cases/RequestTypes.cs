namespace Dispatch.Workers.Cases;

public static class RequestTypes
{
    public static IReadOnlyList<string> All { get; } = ["consultation", "help", "complaint", "report", "suggestion", "praise"];
}
