namespace Dispatch.Workers.RepeatCalls;

/// <summary>
/// A free address as compared: letters, digits and Chinese characters only (full-width as ASCII, letters lower case), and the
/// usual ways of naming a building written one way (5号楼, 5栋 and 5幢 are the same building). 翠苑一区 5幢 and 翠苑一区5幢。 are the
/// same address; so are an address and the same one written with the district or street before it (one ends with the other), or
/// with the unit and room after it (one starts with the other: 嘉绿苑26号楼 and 嘉绿苑26幢1单元), as long as the shorter names a
/// building or a house number.
/// </summary>
public static class AddressKey
{
    /// <summary>Shorter keys (a bare 5幢) say too little to call two addresses the same.</summary>
    public const int MinimumLength = 4;

    public static string Of(string? address)
    {
        if (string.IsNullOrEmpty(address))
        {
            return "";
        }

        var kept = new System.Text.StringBuilder(address.Length);
        foreach (var raw in address)
        {
            if (TextSignature.Normalised(raw) is var c and not '\0')
            {
                kept.Append(c);
            }
        }

        return kept.Replace("号楼", "幢").Replace("栋", "幢").ToString();
    }

    /// <summary>
    /// True when one key is the other, or starts or ends with it, and the shorter is long enough to mean a place and names a number
    /// (a building, a house): an estate's or a road's name alone is every address on it, which only reads alike.
    /// </summary>
    public static bool Same(string key, string other)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(other);
        var (shorter, longer) = key.Length <= other.Length ? (key, other) : (other, key);
        return shorter.Length >= MinimumLength && shorter.Any(char.IsAsciiDigit)
            && (longer.StartsWith(shorter, StringComparison.Ordinal) || longer.EndsWith(shorter, StringComparison.Ordinal));
    }
}
