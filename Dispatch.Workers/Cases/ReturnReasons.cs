namespace Dispatch.Workers.Cases;

public static class ReturnReasons
{
    public static IReadOnlyList<string> All { get; } =
        ["not-our-area", "not-our-duty", "unclear-ownership", "duplicate", "insufficient-information"];
}
