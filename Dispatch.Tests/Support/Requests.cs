using Dispatch.Api.Intake;

namespace Dispatch.Tests.Support;

/// <summary>Valid requests to start from; a test changes the one thing it is about.</summary>
public static class Requests
{
    public static FileCaseRequest NightNoise(string? title = null) => new(
        RequestType: "complaint",
        CategoryCode: "010201",
        Channel: "phone",
        Caller: new CallerInput("张三", "13800138000", false),
        Location: new LocationInput("DM", "DM-S02", "DM-S02-C01", "DM-S02-C01-G01", "翠苑一区5幢", 30.28, 120.13),
        Title: title ?? "夜间施工噪声",
        Content: "晚上11点后工地仍在打桩，严重影响休息。",
        Urgency: "normal");
}
