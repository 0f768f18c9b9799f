namespace Dispatch.Workers.Deadlines;

/// <summary>
/// When the clock of a case runs: weekly working frames in a time zone, public holidays and make-up working
/// days (调休) per local date. Pure arithmetic, correct across weekends, holidays, make-up days, midnight,
/// frame edges and daylight-saving changes (each frame is converted to UTC on its own date, so a frame that
/// spans a DST change is one hour longer or shorter, as the wall clock says).
/// A make-up day works the frames of a Monday. A year with no holiday data is not silently treated as plain
/// weekdays: every answer that touches it carries a warning naming the year.
/// </summary>
public sealed class WorkingCalendar
{
    private static readonly TimeSpan Horizon = TimeSpan.FromDays(3 * 366);
    private readonly IReadOnlyDictionary<DayOfWeek, IReadOnlyList<TimeFrame>> _week;
    private readonly IReadOnlyDictionary<DateOnly, CalendarDay> _days;

    // A calendar version never changes, so each local date's plan (and the instant it starts) is worked out once: every clock
    // walks the same few weeks, and each day costs several time-zone conversions. Bounded: dates beyond it are worked out each time.
    private const int CachedDays = 4096;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<DateOnly, (DayPlan Plan, DateTimeOffset Start)> _plans = new();
    private int _planned; // entries in _plans (its Count takes every lock)

    public WorkingCalendar(string code, int version, TimeZoneInfo zone, IReadOnlyDictionary<DayOfWeek, IReadOnlyList<TimeFrame>> week,
        IEnumerable<CalendarDay> days, IEnumerable<int> yearsCovered, bool observesHolidays = true)
    {
        ArgumentNullException.ThrowIfNull(week);
        Code = code;
        Version = version;
        Zone = zone;
        _week = week;
        _days = observesHolidays ? days.ToDictionary(d => d.Date) : [];
        YearsCovered = yearsCovered.ToHashSet();
        ObservesHolidays = observesHolidays;
        foreach (var frames in week.Values)
        {
            if (frames.Any(f => f.Start < TimeSpan.Zero || f.End > TimeSpan.FromDays(1) || f.End <= f.Start)
                || frames.Zip(frames.Skip(1)).Any(p => p.Second.Start < p.First.End))
            {
                throw new ArgumentException("Frames run within a day, each ends after it starts, in order and without overlap.", nameof(week));
            }
        }

        if (week.Values.All(f => f.Count == 0))
        {
            throw new ArgumentException("A calendar needs some working time in its week.", nameof(week));
        }
    }

    public string Code { get; }

    public int Version { get; }

    public TimeZoneInfo Zone { get; }

    public bool ObservesHolidays { get; }

    public IReadOnlySet<int> YearsCovered { get; }

    /// <summary>The working time of a standard working day (a Monday): what "one working day" means.</summary>
    public TimeSpan WorkingDay => FramesOf(DayOfWeek.Monday).Aggregate(TimeSpan.Zero, (sum, f) => sum + (f.End - f.Start));

    /// <summary>The local date's kind and its working frames, as UTC instants.</summary>
    public DayPlan PlanFor(DateOnly date) => Planned(date).Plan;

    private (DayPlan Plan, DateTimeOffset Start) Planned(DateOnly date)
    {
        if (_plans.TryGetValue(date, out var planned))
        {
            return planned;
        }

        planned = (Plan(date), ToUtc(date, TimeSpan.Zero));
        if (Volatile.Read(ref _planned) < CachedDays && _plans.TryAdd(date, planned))
        {
            Interlocked.Increment(ref _planned);
        }

        return planned;
    }

    private DayPlan Plan(DateOnly date)
    {
        var special = _days.GetValueOrDefault(date);
        var frames = special?.Kind switch
        {
            CalendarDayKind.Holiday => [],
            CalendarDayKind.MakeUpWorkday => FramesOf(DayOfWeek.Monday),
            _ => FramesOf(date.DayOfWeek),
        };
        var kind = special?.Kind switch
        {
            CalendarDayKind.Holiday => DayKind.Holiday,
            CalendarDayKind.MakeUpWorkday => DayKind.MakeUpWorkday,
            _ => frames.Count > 0 ? DayKind.Workday : DayKind.Weekend,
        };
        return new DayPlan(date, kind, special?.Name, [.. frames.Select(f => (ToUtc(date, f.Start), ToUtc(date, f.End)))]);
    }

    /// <summary>The instant <paramref name="amount"/> of working time after <paramref name="start"/>.</summary>
    public DateTimeOffset AddWorkingTime(DateTimeOffset start, TimeSpan amount)
    {
        if (amount < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(amount), "Working time is added forwards only.");
        }

        if (amount == TimeSpan.Zero)
        {
            return start;
        }

        var remaining = amount;
        foreach (var (from, to) in FramesFrom(start))
        {
            var begin = from > start ? from : start;
            var available = to - begin;
            if (remaining <= available)
            {
                return begin + remaining;
            }

            remaining -= available;
        }

        throw new InvalidOperationException($"Calendar {Code} has no working time within {Horizon.TotalDays:0} days of {start:O}.");
    }

    /// <summary>N working days = N standard working days of working time (<see cref="WorkingDay"/>).</summary>
    public DateTimeOffset AddWorkingDays(DateTimeOffset start, decimal days) =>
        AddWorkingTime(start, TimeSpan.FromTicks((long)(WorkingDay.Ticks * days)));

    /// <summary>The working time between two instants (zero when <paramref name="to"/> is not after <paramref name="from"/>).</summary>
    public TimeSpan WorkingTimeBetween(DateTimeOffset from, DateTimeOffset to)
    {
        var total = TimeSpan.Zero;
        if (to <= from)
        {
            return total;
        }

        foreach (var (frameStart, frameEnd) in FramesFrom(from))
        {
            if (frameStart >= to)
            {
                break;
            }

            var begin = frameStart > from ? frameStart : from;
            var end = frameEnd < to ? frameEnd : to;
            if (end > begin)
            {
                total += end - begin;
            }
        }

        return total;
    }

    /// <summary>Every local date from <paramref name="from"/> to <paramref name="to"/> with what it counted for: the explanation of a deadline.</summary>
    public IReadOnlyList<DayPlan> DaysBetween(DateTimeOffset from, DateTimeOffset to)
    {
        var first = LocalDate(from);
        var last = LocalDate(to);
        var days = new List<DayPlan>();
        for (var date = first; date <= last && days.Count < 3 * 366; date = date.AddDays(1))
        {
            days.Add(PlanFor(date));
        }

        return days;
    }

    /// <summary>Years between two instants that have no holiday data: every answer touching them is a guess about holidays.</summary>
    public IReadOnlyList<int> UncoveredYears(DateTimeOffset from, DateTimeOffset to) =>
        !ObservesHolidays ? [] : [.. Enumerable.Range(LocalDate(from).Year, LocalDate(to).Year - LocalDate(from).Year + 1).Where(y => !YearsCovered.Contains(y))];

    public DateOnly LocalDate(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Zone).DateTime);

    private IEnumerable<(DateTimeOffset Start, DateTimeOffset End)> FramesFrom(DateTimeOffset start)
    {
        var stop = start + Horizon;
        // From the previous local day: a frame of it may still be running.
        for (var date = LocalDate(start).AddDays(-1); ; date = date.AddDays(1))
        {
            var day = Planned(date);
            if (day.Start >= stop)
            {
                yield break;
            }

            foreach (var frame in day.Plan.Frames)
            {
                if (frame.End > start)
                {
                    yield return frame;
                }
            }
        }
    }

    private IReadOnlyList<TimeFrame> FramesOf(DayOfWeek day) => _week.GetValueOrDefault(day) ?? [];

    /// <summary>A local wall-clock time on a date, as an instant. A time skipped by a DST change moves to the first valid instant after it.</summary>
    private DateTimeOffset ToUtc(DateOnly date, TimeSpan timeOfDay)
    {
        var local = date.ToDateTime(TimeOnly.MinValue).Add(timeOfDay);
        while (Zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(1);
        }

        var utc = TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), Zone);
        return new DateTimeOffset(utc, TimeSpan.Zero);
    }
}

/// <summary>A working frame within a day, from <see cref="Start"/> to <see cref="End"/> (up to 24:00).</summary>
public sealed record TimeFrame(TimeSpan Start, TimeSpan End);

public enum CalendarDayKind
{
    Holiday,
    MakeUpWorkday,
}

/// <summary>A date that differs from the week: a public or local holiday, or a make-up working day, with the notice it comes from.</summary>
public sealed record CalendarDay(DateOnly Date, CalendarDayKind Kind, string Name, string Source);

public enum DayKind
{
    Workday,
    Weekend,
    Holiday,
    MakeUpWorkday,
}

public sealed record DayPlan(DateOnly Date, DayKind Kind, string? Name, IReadOnlyList<(DateTimeOffset Start, DateTimeOffset End)> Frames);
