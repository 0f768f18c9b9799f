using System.Globalization;
using System.Text.Json;

namespace Dispatch.Workers.Deadlines;

/// <summary>China's holidays and make-up days as shipped (deploy/seed/cn-holidays.json, embedded), one entry per date with its notice.</summary>
public static class HolidayNotices
{
    public static IReadOnlyList<HolidayYear> China { get; } = Load();

    private static List<HolidayYear> Load()
    {
        using var stream = typeof(HolidayNotices).Assembly.GetManifestResourceStream("seed/cn-holidays.json")
            ?? throw new InvalidOperationException("The holiday data is not embedded.");
        using var document = JsonDocument.Parse(stream);
        return
        [
            .. document.RootElement.GetProperty("years").EnumerateArray().Select(y => new HolidayYear(
                y.GetProperty("year").GetInt32(),
                y.GetProperty("source").GetString()!,
                [
                    .. y.GetProperty("days").EnumerateArray().Select(d => new CalendarDay(
                        DateOnly.ParseExact(d.GetProperty("date").GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture),
                        d.GetProperty("kind").GetString() == "holiday" ? CalendarDayKind.Holiday : CalendarDayKind.MakeUpWorkday,
                        d.GetProperty("name").GetString()!,
                        d.GetProperty("source").GetString()!)),
                ])),
        ];
    }
}

public sealed record HolidayYear(int Year, string Source, IReadOnlyList<CalendarDay> Days);
