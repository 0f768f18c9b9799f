using System.Buffers.Binary;

namespace Dispatch.Workers.Reports;

/// <summary>
/// The cell of the KPI report whose cases are asked for; every filter is optional and they are ANDed. <see cref="Department"/> with
/// <see cref="CenterRow"/> false is a department's row; <see cref="CenterRow"/> is the center's row (no department leads the case).
/// <see cref="Category"/> is a category at any level and means its subtree.
/// </summary>
public sealed record KpiCellFilter(
    string? Department = null,
    bool CenterRow = false,
    string? Street = null,
    string? Community = null,
    string? Category = null,
    string? RequestType = null,
    string? Channel = null,
    DateOnly? Day = null);

/// <summary>One case behind a figure, as the list shows it (no caller details).</summary>
public sealed record KpiCase(
    string Number,
    string Title,
    string Status,
    string Urgency,
    string CategoryCode,
    string? CategoryName,
    string? DepartmentCode,
    string? DepartmentName,
    string? StreetCode,
    string? StreetName,
    DateTimeOffset FiledAt,
    DateTimeOffset? DueAt);

/// <summary>
/// The cases behind one part of one figure of the KPI report. <see cref="Total"/> is how many cases there are: the report's figure
/// for the cell, except where <see cref="CountsEvents"/> (extension requests and approvals, return visits): then the cases with at
/// least one are listed and <see cref="Events"/> is the figure.
/// </summary>
public sealed record KpiCases(
    string Figure,
    string Part,
    string Name,
    string Definition,
    long Total,
    bool CountsEvents,
    long? Events,
    IReadOnlyList<KpiCase> Cases,
    string? NextCursor);

/// <summary>Where the next page of a case list starts: after the last case read, in filing order. Opaque to clients.</summary>
public sealed record KpiCaseCursor(DateTimeOffset FiledAt, Guid Id)
{
    public string Encode()
    {
        var bytes = new byte[24];
        BinaryPrimitives.WriteInt64BigEndian(bytes, FiledAt.UtcTicks);
        Id.TryWriteBytes(bytes.AsSpan(8));
        return Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    public static KpiCaseCursor? Decode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var base64 = text.Replace('-', '+').Replace('_', '/');
        base64 += new string('=', (4 - (base64.Length % 4)) % 4);
        var bytes = new byte[24];
        if (text.Length != 32 || !Convert.TryFromBase64String(base64, bytes, out var written) || written != 24)
        {
            return null;
        }

        var ticks = BinaryPrimitives.ReadInt64BigEndian(bytes);
        return ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks
            ? null
            : new KpiCaseCursor(new DateTimeOffset(ticks, TimeSpan.Zero), new Guid(bytes.AsSpan(8)));
    }
}

/// <summary>A row as read, with the id the cursor needs.</summary>
internal sealed class KpiCaseRow
{
    public Guid Id { get; init; }
    public string Number { get; init; } = "";
    public string Title { get; init; } = "";
    public string Status { get; init; } = "";
    public string Urgency { get; init; } = "";
    public string CategoryCode { get; init; } = "";
    public string? DepartmentCode { get; init; }
    public string? StreetCode { get; init; }
    public DateTimeOffset FiledAt { get; init; }
    public DateTimeOffset? DueAt { get; init; }
}
