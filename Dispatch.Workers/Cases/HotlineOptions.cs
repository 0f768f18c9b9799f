namespace Dispatch.Workers.Cases;

/// <summary>Section "Hotline": facts about the hotline center this deployment serves.</summary>
public sealed class HotlineOptions
{
    public const string Section = "Hotline";

    /// <summary>IANA id of the center's time zone; local dates (case numbers, working days) are taken here.</summary>
    public string TimeZoneId { get; set; } = "Asia/Shanghai";

    public TimeZoneInfo TimeZone => TimeZoneInfo.FindSystemTimeZoneById(TimeZoneId);

    /// <summary>
    /// How many case numbers a process reserves at a time. A reservation holds up that process's filings for a round trip,
    /// and a restart leaves the rest of its block unused (a gap in the day's numbers, never a duplicate).
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(1, 10_000)]
    public int CaseNumberBlockSize { get; set; } = 100;
}
