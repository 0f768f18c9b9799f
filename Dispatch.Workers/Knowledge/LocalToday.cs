using Dispatch.Workers.Cases;

namespace Dispatch.Workers.Knowledge;

/// <summary>The center's local date: when an entry's validity starts and ends (its dates are the center's days, not UTC's).</summary>
public static class LocalToday
{
    public static DateOnly Of(TimeProvider clock, HotlineOptions hotline)
    {
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(hotline);
        return DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), hotline.TimeZone).DateTime);
    }
}
