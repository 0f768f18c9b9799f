using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Dispatch.Workers.Cases;

/// <summary>
/// The citizen-facing case number (工单编号), read out on the phone: the local date (yyMMdd), the day's
/// sequence (at least 5 digits) and a Luhn check digit, e.g. <c>261121000427</c> (12 digits on an
/// ordinary day). The check digit catches a single mis-heard digit or a swapped pair when a caller reads
/// it back. Uniqueness comes from the sequence: the database hands each day's numbers out in blocks,
/// each block to one API instance.
/// </summary>
public static class CaseNumber
{
    public const int MinimumSequenceDigits = 5;
    public const int MinimumLength = 6 + MinimumSequenceDigits + 1;
    public const int MaximumLength = 20;

    public static string Format(DateOnly localDate, long sequence)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sequence);
        var body = localDate.ToString("yyMMdd", CultureInfo.InvariantCulture)
                   + sequence.ToString(CultureInfo.InvariantCulture).PadLeft(MinimumSequenceDigits, '0');
        return body + CheckDigit(body);
    }

    /// <summary>True when <paramref name="candidate"/> has the shape of a case number and its check digit holds.</summary>
    public static bool IsWellFormed([NotNullWhen(true)] string? candidate) =>
        candidate is { Length: >= MinimumLength and <= MaximumLength }
        && candidate.All(char.IsAsciiDigit)
        && DateOnly.TryParseExact(candidate[..6], "yyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
        && CheckDigit(candidate[..^1]) == candidate[^1];

    private static char CheckDigit(string digits)
    {
        // Luhn: double every second digit from the right of the body.
        var sum = 0;
        var doubleIt = true;
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            var d = digits[i] - '0';
            if (doubleIt)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
            doubleIt = !doubleIt;
        }

        return (char)('0' + ((10 - (sum % 10)) % 10));
    }
}
