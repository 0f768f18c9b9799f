namespace Dispatch.Workers.Access;

/// <summary>
/// What a person's password must be. Length is what makes a password hard to guess (NIST SP 800-63B): at least
/// <see cref="MinLength"/> characters, any characters a person can type, no composition rules; and not the username, the first
/// thing anyone tries. An upper bound keeps a hash request from being a denial of service. Pure.
/// </summary>
public static class PasswordPolicy
{
    public const int MinLength = 10;
    public const int MaxLength = 128;

    /// <summary>Why <paramref name="password"/> may not be <paramref name="username"/>'s password, or null when it may.</summary>
    public static string? Problem(string username, string? password)
    {
        ArgumentNullException.ThrowIfNull(username);
        if (string.IsNullOrEmpty(password))
        {
            return $"Required: at least {MinLength} characters.";
        }

        if (password.Length < MinLength)
        {
            return $"At least {MinLength} characters (this has {password.Length}).";
        }

        if (password.Length > MaxLength)
        {
            return $"At most {MaxLength} characters (this has {password.Length}).";
        }

        if (password.Any(char.IsControl))
        {
            return "Control characters, line breaks included, are not allowed in a password.";
        }

        if (string.IsNullOrWhiteSpace(password))
        {
            return "Not only white space.";
        }

        return password.Trim().Equals(username, StringComparison.OrdinalIgnoreCase)
            ? "The password may not be the username."
            : null;
    }
}
