namespace Dispatch.Workers.Cases;

public static class Channels
{
    public static IReadOnlyList<string> All { get; } = ["phone", "web", "wechat", "app", "email", "letter", "provincial-transfer"];
}
