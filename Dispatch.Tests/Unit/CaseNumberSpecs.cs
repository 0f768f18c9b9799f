using Dispatch.Workers.Cases;

namespace Dispatch.Tests.Unit;

[Category("Unit")]
public sealed class CaseNumberSpecs
{
    private static readonly DateOnly Day = new(2026, 11, 21);

    [Test]
    public void A_number_is_the_local_date_the_sequence_and_a_check_digit()
    {
        var number = CaseNumber.Format(Day, 42);

        Assert.Multiple(() =>
        {
            Assert.That(number, Has.Length.EqualTo(12));
            Assert.That(number, Does.StartWith("26112100042"));
            Assert.That(CaseNumber.IsWellFormed(number), Is.True);
        });
    }

    [Test]
    public void The_sequence_grows_past_five_digits_instead_of_wrapping()
    {
        var number = CaseNumber.Format(Day, 1_234_567);

        Assert.Multiple(() =>
        {
            Assert.That(number, Does.StartWith("2611211234567"));
            Assert.That(CaseNumber.IsWellFormed(number), Is.True);
        });
    }

    [Test]
    public void Distinct_days_and_sequences_never_give_the_same_number()
    {
        var numbers = new HashSet<string>();
        var days = Enumerable.Range(0, 400).Select(Day.AddDays);
        var sequences = Enumerable.Range(1, 300).Select(i => (long)i * i).Concat([99_999, 100_000, 100_001, 9_999_999]);

        var count = 0;
        foreach (var day in days)
        {
            foreach (var sequence in sequences)
            {
                numbers.Add(CaseNumber.Format(day, sequence));
                count++;
            }
        }

        Assert.That(numbers, Has.Count.EqualTo(count));
    }

    [Test]
    public void Every_single_digit_mistake_is_caught_by_the_check_digit()
    {
        var number = CaseNumber.Format(Day, 4711);
        var mistakes = from position in Enumerable.Range(0, number.Length)
                       from digit in "0123456789"
                       where number[position] != digit
                       select string.Concat(number.AsSpan(0, position), digit.ToString(), number.AsSpan(position + 1));

        Assert.That(mistakes.Where(CaseNumber.IsWellFormed), Is.Empty);
    }

    [Test]
    public void Swapping_two_neighbouring_digits_is_caught_unless_they_are_equal_or_0_and_9()
    {
        var number = CaseNumber.Format(Day, 35_812);
        for (var i = 0; i + 1 < number.Length; i++)
        {
            var (a, b) = (number[i], number[i + 1]);
            if (a == b || (a, b) is ('0', '9') or ('9', '0'))
            {
                continue;
            }

            var swapped = string.Concat(number.AsSpan(0, i), $"{b}{a}", number.AsSpan(i + 2));
            Assert.That(CaseNumber.IsWellFormed(swapped), Is.False, $"swap at {i}: {swapped}");
        }
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("26112100042")]
    [TestCase("26112100042x")]
    [TestCase("261321000427")]
    [TestCase("123456789012345678901")]
    [TestCase("２６１１２１０００４２７")]
    public void Malformed_numbers_are_recognised(string? candidate)
    {
        Assert.That(CaseNumber.IsWellFormed(candidate), Is.False);
    }
}
