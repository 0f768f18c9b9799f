namespace Dispatch.Workers.Reports;

/// <summary>Cases by the channel they came by (来源渠道) in a period, every channel listed (a channel with none shows 0), by when they were filed.</summary>
public sealed record ChannelReport(ReportPeriod Period, DateTimeOffset GeneratedAt, IReadOnlyList<ChannelRow> Channels, long Total);

/// <summary>One channel's cases, and their share of the period's (null when there were none).</summary>
public sealed record ChannelRow(string Channel, long Cases, Rate Share);
