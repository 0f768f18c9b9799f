namespace Dispatch.Workers.Privacy;

/// <summary>The instant before which a case must have closed for the retention policy to remove its caller data. Pure.</summary>
public static class RetentionCutoff
{
    /// <summary>
    /// <paramref name="now"/> minus <paramref name="months"/> calendar months on the hotline's wall clock (<paramref name="zone"/>):
    /// the policy counts months as the center and the citizen do, so a case closed on 5 March local time is due on 5 March, whatever
    /// the UTC date was. A month shorter than the day lands on its last day (31 May minus 3 months is 28 or 29 February).
    /// </summary>
    public static DateTimeOffset For(DateTimeOffset now, int months, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(months);
        var local = TimeZoneInfo.ConvertTime(now, zone).DateTime.AddMonths(-months);
        // A wall-clock time skipped by a daylight-saving change has no instant; its zone's standard offset gives the nearest one.
        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }
}
