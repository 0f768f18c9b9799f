using Dispatch.Api.Apis;
using Dispatch.Api.Intake;
using Dispatch.Tests.Support;

namespace Dispatch.Tests.Integration.Browser;

/// <summary>
/// A November for the supervision screens, written through the API with a clock the fixture moves: twenty cases filed on the
/// working days of 2026-11 across five departments, four streets and several categories, each worked to a different point —
/// dispatched and left, signed, replied, visited (satisfied and solved, or dissatisfied and reopened), returned — so every
/// figure, chart and list of the dashboard has something to show. The clock ends on Friday 2026-11-27 16:00 (Beijing).
/// </summary>
public static class SupervisionScene
{
    public const string Month = "2026-11";

    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    public static DateTimeOffset Bj(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, Beijing);

    /// <summary>What happens to a case after it is dispatched.</summary>
    private enum Outcome
    {
        Left,
        Signed,
        Replied,
        Satisfied,
        Reopened,
        Returned,
    }

    private static readonly (int Day, string Category, string Community, string Handler, Outcome Outcome, string Title)[] Cases =
    [
        (2, "010201", "DM-S02-C01", "um.handler", Outcome.Satisfied, "翠苑一区工地夜间打桩"),
        (3, "010201", "DM-S02-C02", "um.handler", Outcome.Satisfied, "翠苑二区凌晨混凝土浇筑"),
        (3, "020101", "DM-S01-C01", "housing.handler", Outcome.Satisfied, "北山社区物业不作为"),
        (4, "020101", "DM-S03-C02", "housing.handler", Outcome.Satisfied, "德加公寓物业收费不透明"),
        (4, "030101", "DM-S01-C03", "env.handler", Outcome.Replied, "金祝社区餐馆油烟直排"),
        (5, "010201", "DM-S02-C03", "um.handler", Outcome.Replied, "学院路渣土车夜间作业"),
        (5, "010202", "DM-S04-C01", "psb.handler", Outcome.Signed, "三墩社区广场舞音响过大"),
        (6, "020301", "DM-S02-C01", "housing.handler", Outcome.Reopened, "翠苑一区工地扬尘"),
        (9, "010201", "DM-S01-C02", "um.handler", Outcome.Reopened, "曙光社区夜间切割钢筋"),
        (10, "010201", "DM-S02-C01", "um.handler", Outcome.Signed, "翠苑一区夜间运输噪声"),
        (10, "010101", "DM-S01-C01", "st-s01.handler", Outcome.Satisfied, "北山路乱堆建筑垃圾"),
        (11, "020101", "DM-S03-C01", "housing.handler", Outcome.Replied, "文新社区电梯维保不到位"),
        (12, "020101", "DM-S04-C02", "housing.handler", Outcome.Signed, "振华社区物业停车管理"),
        (13, "030101", "DM-S03-C03", "env.handler", Outcome.Signed, "益乐路烧烤店油烟"),
        (16, "010201", "DM-S02-C02", "um.handler", Outcome.Left, "翠苑二区周末夜间施工"),
        (17, "010201", "DM-S02-C03", "um.handler", Outcome.Returned, "学院路夜间破路施工"),
        (18, "020101", "DM-S01-C02", "housing.handler", Outcome.Left, "曙光社区物业违规收费"),
        (19, "010202", "DM-S04-C03", "psb.handler", Outcome.Left, "华联社区KTV噪声"),
        (24, "010101", "DM-S01-C03", "st-s01.handler", Outcome.Signed, "金祝社区占道堆放"),
        (25, "010201", "DM-S02-C01", "um.handler", Outcome.Left, "翠苑一区夜间吊装作业"),
    ];

    /// <summary>Writes the month; answers the case numbers filed, in order.</summary>
    public static async Task<IReadOnlyList<string>> WriteAsync(DispatchSystem hotline, ManualClock clock)
    {
        ArgumentNullException.ThrowIfNull(hotline);
        ArgumentNullException.ThrowIfNull(clock);
        var numbers = new List<string>();
        var visitor = await hotline.As("visitor1");
        foreach (var (day, category, community, handlerName, outcome, title) in Cases)
        {
            clock.Set(Bj(11, day, 9));
            var filed = await hotline.Api.FileCaseAsync(Requests.NightNoise(title) with
            {
                CategoryCode = category,
                Location = new LocationInput("DM", community[..6], community, null, "示范区" + title[..2], null, null),
            });
            await hotline.Api.WaitForStatusAsync(filed.Number, "dispatched");
            numbers.Add(filed.Number);
            var handler = await hotline.As(handlerName);
            clock.Set(Bj(11, day, 10));
            if (outcome == Outcome.Returned)
            {
                await handler.ActAsync(filed.Number, "return", new ReturnRequest("not-our-duty", "不属于本单位职责"));
                continue;
            }

            if (outcome == Outcome.Left)
            {
                continue;
            }

            await handler.ActAsync(filed.Number, "sign");
            if (outcome == Outcome.Signed)
            {
                continue;
            }

            clock.Set(Bj(11, day, 11));
            await handler.ActAsync(filed.Number, "reply", new TextRequest("已到现场处理，问题已整改。"));
            clock.Set(Bj(11, day, 11, 30));
            if (outcome == Outcome.Satisfied)
            {
                await visitor.ActAsync(filed.Number, "return-visits", new ReturnVisitRequest(true, true, "satisfied", null));
            }
            else if (outcome == Outcome.Reopened)
            {
                await visitor.ActAsync(filed.Number, "return-visits", new ReturnVisitRequest(true, false, "dissatisfied", "问题仍在"));
            }
        }

        clock.Set(Bj(11, 27, 16));
        return numbers;
    }
}
