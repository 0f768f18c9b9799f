using Dispatch.Workers.Deadlines;

namespace Dispatch.Tests.Unit;

/// <summary>Working-time arithmetic on the center's calendar (Mon–Fri 9:00–12:00 and 13:30–17:30, China's holidays) and in DST zones.</summary>
[Category("Unit")]
public sealed class WorkingCalendarSpecs
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    private static readonly TimeFrame[] OfficeHours = [new(TimeSpan.FromHours(9), TimeSpan.FromHours(12)), new(TimeSpan.FromHours(13.5), TimeSpan.FromHours(17.5))];

    public static WorkingCalendar Center { get; } = new("CENTER", 1, Shanghai, Weekdays(OfficeHours),
        HolidayNotices.China.SelectMany(y => y.Days), HolidayNotices.China.Select(y => y.Year));

    private static readonly WorkingCalendar RoundTheClockNewYork = new("NY-24X7", 1, NewYork, EveryDay(new(TimeSpan.Zero, TimeSpan.FromDays(1))), [], [], observesHolidays: false);

    private static readonly WorkingCalendar OfficeNewYork = new("NY", 1, NewYork,
        Weekdays([new(TimeSpan.FromHours(1), TimeSpan.FromHours(4)), new(TimeSpan.FromHours(9), TimeSpan.FromHours(17))]), [], [], observesHolidays: false);

    public static Dictionary<DayOfWeek, IReadOnlyList<TimeFrame>> Weekdays(IReadOnlyList<TimeFrame> frames) =>
        new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday }
            .ToDictionary(d => d, _ => frames);

    private static Dictionary<DayOfWeek, IReadOnlyList<TimeFrame>> EveryDay(TimeFrame frame) =>
        Enum.GetValues<DayOfWeek>().ToDictionary(d => d, _ => (IReadOnlyList<TimeFrame>)[frame]);

    /// <summary>A Beijing wall-clock time.</summary>
    private static DateTimeOffset Bj(int year, int month, int day, int hour, int minute = 0) => new(year, month, day, hour, minute, 0, TimeSpan.FromHours(8));

    [TestCase("2026-11-23 10:00", 1.0, "2026-11-23 11:00", TestName = "inside a frame")]
    [TestCase("2026-11-23 11:30", 1.0, "2026-11-23 14:00", TestName = "across the lunch break")]
    [TestCase("2026-11-23 17:00", 1.0, "2026-11-24 09:30", TestName = "across the evening")]
    [TestCase("2026-11-27 17:00", 1.0, "2026-11-30 09:30", TestName = "across a weekend")]
    [TestCase("2026-11-23 09:00", 3.0, "2026-11-23 12:00", TestName = "ending exactly at a frame's end stays there")]
    [TestCase("2026-11-22 03:00", 0.0, "2026-11-22 03:00", TestName = "adding nothing is the start itself")]
    [TestCase("2026-11-21 23:30", 0.5, "2026-11-23 09:30", TestName = "starting at night on a weekend")]
    [TestCase("2026-09-30 17:00", 1.0, "2026-10-08 09:30", TestName = "across National Day 2026")]
    [TestCase("2026-10-09 17:00", 1.0, "2026-10-10 09:30", TestName = "a make-up Saturday counts (2026-10-10)")]
    [TestCase("2026-02-13 17:00", 1.0, "2026-02-14 09:30", TestName = "the make-up Saturday before Spring Festival 2026")]
    [TestCase("2026-02-14 17:00", 1.0, "2026-02-24 09:30", TestName = "across Spring Festival 2026")]
    [TestCase("2026-10-03 12:00", 0.25, "2026-10-08 09:15", TestName = "starting inside a holiday")]
    [TestCase("2025-01-27 17:00", 1.0, "2025-02-05 09:30", TestName = "across Spring Festival 2025 (01-28..02-04)")]
    [TestCase("2024-09-13 17:00", 1.0, "2024-09-14 09:30", TestName = "a make-up Saturday in 2024 (09-14)")]
    public void Adds_working_hours_on_the_center_calendar(string start, double hours, string expected)
    {
        var from = DateTimeOffset.Parse(start + " +08:00", System.Globalization.CultureInfo.InvariantCulture);

        var due = Center.AddWorkingTime(from, TimeSpan.FromHours(hours));

        Assert.That(due, Is.EqualTo(DateTimeOffset.Parse(expected + " +08:00", System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Test]
    public void Answers_do_not_depend_on_which_dates_were_worked_out_before_even_past_the_cache_s_bound()
    {
        // Starts every 9 days 10:17 local across 20 years: more distinct dates than a calendar keeps worked out.
        static List<DateTimeOffset> Answers(WorkingCalendar calendar, IEnumerable<int> steps) =>
            [.. steps.Select(i => calendar.AddWorkingTime(new DateTimeOffset(2016, 3, 1, 2, 17, 0, TimeSpan.Zero).AddDays(9 * i), TimeSpan.FromHours(30)))];
        WorkingCalendar Fresh() => new("NY", 1, NewYork, Weekdays(OfficeHours), [], [], observesHolidays: false);
        var steps = Enumerable.Range(0, 20 * 365 / 9).ToList();

        var forwards = Fresh();
        var first = Answers(forwards, steps);
        var again = Answers(forwards, steps);
        var backwards = Answers(Fresh(), Enumerable.Reverse(steps)).AsEnumerable().Reverse().ToList();

        Assert.Multiple(() =>
        {
            Assert.That(again, Is.EqualTo(first));
            Assert.That(backwards, Is.EqualTo(first));
            Assert.That(first[0], Is.EqualTo(new DateTimeOffset(2016, 3, 7, 11, 0, 0, TimeSpan.FromHours(-5))), "Mon 29 Feb 21:17 + 30 h: four 7 h days, then Mon 9:00 + 2 h");
        });
    }

    [Test]
    public void A_working_day_is_the_calendars_standard_day_so_the_clock_keeps_its_time_of_day()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Center.WorkingDay, Is.EqualTo(TimeSpan.FromHours(7)));
            Assert.That(Center.AddWorkingDays(Bj(2026, 11, 23, 10), 1), Is.EqualTo(Bj(2026, 11, 24, 10)));
            Assert.That(Center.AddWorkingDays(Bj(2026, 11, 27, 10), 5), Is.EqualTo(Bj(2026, 12, 4, 10)));
            Assert.That(Center.AddWorkingDays(Bj(2026, 9, 30, 10), 1), Is.EqualTo(Bj(2026, 10, 8, 10)));
        });
    }

    [Test]
    public void Measures_working_time_between_two_instants()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Center.WorkingTimeBetween(Bj(2026, 11, 27, 16), Bj(2026, 11, 30, 10)), Is.EqualTo(TimeSpan.FromHours(2.5)));
            Assert.That(Center.WorkingTimeBetween(Bj(2026, 10, 1, 0), Bj(2026, 10, 8, 0)), Is.EqualTo(TimeSpan.Zero), "National Day");
            Assert.That(Center.WorkingTimeBetween(Bj(2026, 10, 10, 0), Bj(2026, 10, 11, 0)), Is.EqualTo(TimeSpan.FromHours(7)), "make-up day");
            Assert.That(Center.WorkingTimeBetween(Bj(2026, 11, 24, 0), Bj(2026, 11, 23, 0)), Is.EqualTo(TimeSpan.Zero), "backwards");
        });
    }

    [Test]
    public void Explains_each_day_between_two_instants_with_what_it_counted_for()
    {
        var days = Center.DaysBetween(Bj(2026, 9, 30, 17), Bj(2026, 10, 10, 10));

        Assert.Multiple(() =>
        {
            Assert.That(days.Select(d => (d.Date.Day, d.Kind)), Is.EqualTo(new[]
            {
                (30, DayKind.Workday), (1, DayKind.Holiday), (2, DayKind.Holiday), (3, DayKind.Holiday), (4, DayKind.Holiday),
                (5, DayKind.Holiday), (6, DayKind.Holiday), (7, DayKind.Holiday), (8, DayKind.Workday), (9, DayKind.Workday),
                (10, DayKind.MakeUpWorkday),
            }));
            Assert.That(days[1].Name, Is.EqualTo("国庆节"));
        });
    }

    [Test]
    public void A_year_without_holiday_data_is_reported_not_silently_treated_as_plain_weekdays()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Center.UncoveredYears(Bj(2026, 12, 28, 10), Center.AddWorkingDays(Bj(2026, 12, 28, 10), 5)), Is.EqualTo(new[] { 2027 }));
            Assert.That(Center.UncoveredYears(Bj(2026, 3, 1, 10), Bj(2026, 3, 9, 10)), Is.Empty);
        });
    }

    [Test]
    public void Across_daylight_saving_changes_the_clock_counts_the_hours_that_really_pass()
    {
        static DateTimeOffset Ny(int month, int day) =>
            new(TimeZoneInfo.ConvertTimeToUtc(new DateTime(2026, month, day, 0, 0, 0, DateTimeKind.Unspecified), NewYork), TimeSpan.Zero);

        Assert.Multiple(() =>
        {
            Assert.That(RoundTheClockNewYork.WorkingTimeBetween(Ny(3, 7), Ny(3, 9)), Is.EqualTo(TimeSpan.FromHours(47)), "spring forward");
            Assert.That(RoundTheClockNewYork.WorkingTimeBetween(Ny(10, 31), Ny(11, 2)), Is.EqualTo(TimeSpan.FromHours(49)), "fall back");
            // A frame of 1:00–4:00 on the spring-forward Monday? DST changes on a Sunday; check the Monday after is a full 3 h + 8 h.
            Assert.That(OfficeNewYork.WorkingTimeBetween(Ny(3, 9), Ny(3, 10)), Is.EqualTo(TimeSpan.FromHours(11)));
        });
    }

    [Test]
    public void A_frame_that_a_dst_change_cuts_short_counts_only_the_time_that_exists()
    {
        // Sundays 01:00–04:00 in New York: on 2026-03-08 the clock jumps from 02:00 to 03:00.
        var sundays = new WorkingCalendar("NY-SUN", 1, NewYork,
            new Dictionary<DayOfWeek, IReadOnlyList<TimeFrame>> { [DayOfWeek.Sunday] = [new(TimeSpan.FromHours(1), TimeSpan.FromHours(4))] },
            [], [], observesHolidays: false);
        var saturday = new DateTimeOffset(2026, 3, 7, 12, 0, 0, TimeSpan.FromHours(-5));

        Assert.That(sundays.WorkingTimeBetween(saturday, saturday.AddDays(2)), Is.EqualTo(TimeSpan.FromHours(2)));
    }

    private static IEnumerable<TestCaseData> Calendars()
    {
        yield return new TestCaseData(Center).SetName("center calendar (Asia/Shanghai, holidays)");
        yield return new TestCaseData(OfficeNewYork).SetName("split frames in a DST zone");
        yield return new TestCaseData(RoundTheClockNewYork).SetName("24x7 in a DST zone");
    }

    [TestCaseSource(nameof(Calendars))]
    public void Adding_working_time_then_measuring_it_gives_it_back_for_random_instants(WorkingCalendar calendar)
    {
        var random = new Random(20261121); // seeded: the same instants every run
        var origin = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < 500; i++)
        {
            var start = origin.AddMinutes(random.Next(0, 3 * 365 * 24 * 60));
            var amount = TimeSpan.FromMinutes(random.Next(0, 200 * 60));

            var due = calendar.AddWorkingTime(start, amount);

            Assert.That(calendar.WorkingTimeBetween(start, due), Is.EqualTo(amount), $"start {start:O}, {amount}");
            Assert.That(due, Is.GreaterThanOrEqualTo(start));
        }
    }

    [Test]
    public void A_calendar_without_working_time_or_with_overlapping_frames_is_refused()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => new WorkingCalendar("X", 1, Shanghai, new Dictionary<DayOfWeek, IReadOnlyList<TimeFrame>>(), [], []), Throws.ArgumentException);
            Assert.That(() => new WorkingCalendar("X", 1, Shanghai,
                Weekdays([new(TimeSpan.FromHours(9), TimeSpan.FromHours(12)), new(TimeSpan.FromHours(11), TimeSpan.FromHours(13))]), [], []),
                Throws.ArgumentException);
        });
    }
}
