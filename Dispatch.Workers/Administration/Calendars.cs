using Dispatch.Workers.Deadlines;
using Dispatch.Workers.Storage;

namespace Dispatch.Workers.Administration;

/// <summary>
/// Working calendars as administrators list and change them: each change through <see cref="CalendarAdministration"/> (versioned and
/// recorded in one transaction), then the deadline rules reloaded, so that the next clock started in this process plans on the new week.
/// </summary>
public sealed class Calendars(Database database, AdminChanges changes, DeadlineRulesStore rules, TimeProvider clock)
{
    public async Task<IReadOnlyList<CalendarSummary>> ListAsync(CancellationToken cancellationToken) =>
        await CalendarAdministration.ListAsync(database, await rules.GetAsync(cancellationToken), clock.GetUtcNow(), cancellationToken);

    /// <summary>A new calendar; <paramref name="week"/> is the JSON of its working frames by English day name.</summary>
    public Task<CalendarChange> CreateAsync(string code, string name, string timeZone, string week, bool observesHolidays, string actor,
        CancellationToken cancellationToken) =>
        Reloaded(CalendarAdministration.CreateAsync(database, changes, code, name, timeZone, week, observesHolidays, actor, clock.GetUtcNow(),
            cancellationToken));

    public Task<CalendarChange> EditAsync(string code, int expectedVersion, string name, string week, bool observesHolidays, string actor,
        CancellationToken cancellationToken) =>
        Reloaded(CalendarAdministration.EditAsync(database, changes, code, expectedVersion, name, week, observesHolidays, actor, clock.GetUtcNow(),
            cancellationToken));

    /// <summary>One year of a calendar with its dated days (the administrator's year view); null when there is no such calendar.</summary>
    public Task<CalendarYearView?> YearAsync(string code, int year, CancellationToken cancellationToken) =>
        CalendarAdministration.YearAsync(database, code, year, cancellationToken);

    public Task<CalendarChange> AddYearAsync(string code, HolidayYear year, string actor, int? expectedVersion, CancellationToken cancellationToken) =>
        Reloaded(CalendarAdministration.AddYearAsync(database, changes, code, year, actor, clock.GetUtcNow(), expectedVersion, cancellationToken));

    public Task<CalendarChange> AddDayAsync(string code, CalendarDay day, string actor, int? expectedVersion, CancellationToken cancellationToken) =>
        Reloaded(CalendarAdministration.AddDayAsync(database, changes, code, day, actor, clock.GetUtcNow(), expectedVersion, cancellationToken));

    private async Task<CalendarChange> Reloaded(Task<CalendarChange> change)
    {
        var outcome = await change;
        if (outcome is CalendarChange.Done)
        {
            rules.Invalidate();
        }

        return outcome;
    }
}
