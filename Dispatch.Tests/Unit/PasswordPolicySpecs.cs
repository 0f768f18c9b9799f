using Dispatch.Workers.Access;

namespace Dispatch.Tests.Unit;

/// <summary>What a person's password must be (<see cref="PasswordPolicy"/>): long enough, not the username, typable.</summary>
[Category("Unit")]
public sealed class PasswordPolicySpecs
{
    [TestCase("correct horse")]
    [TestCase("0123456789")]
    [TestCase("长城长城长城长城长城")]
    [TestCase("um.handler!")]
    public void A_password_of_ten_characters_or_more_that_is_not_the_username_is_accepted(string password)
    {
        Assert.That(PasswordPolicy.Problem("um.handler", password), Is.Null);
    }

    [TestCase(null, "Required")]
    [TestCase("", "Required")]
    [TestCase("short", "At least 10 characters (this has 5)")]
    [TestCase("123456789", "At least 10 characters (this has 9)")]
    [TestCase("um.handler", "may not be the username")]
    [TestCase("UM.Handler", "may not be the username")]
    [TestCase(" um.handler ", "may not be the username")]
    [TestCase("          ", "Not only white space")]
    [TestCase("line\nbreak!", "Control characters")]
    [TestCase("tab\there12", "Control characters")]
    public void A_password_that_breaks_the_policy_is_refused_with_the_reason(string? password, string reason)
    {
        Assert.That(PasswordPolicy.Problem("um.handler", password), Does.Contain(reason));
    }

    [Test]
    public void A_password_is_at_most_128_characters()
    {
        Assert.Multiple(() =>
        {
            Assert.That(PasswordPolicy.Problem("agent1", new string('x', PasswordPolicy.MaxLength)), Is.Null);
            Assert.That(PasswordPolicy.Problem("agent1", new string('x', PasswordPolicy.MaxLength + 1)), Does.Contain("At most 128"));
        });
    }

    [Test]
    public void A_demo_password_passes_the_policy_and_is_new_each_time()
    {
        var passwords = Enumerable.Range(0, 20).Select(_ => Passwords.NewDemoPassword()).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(passwords.Select(p => PasswordPolicy.Problem("agent1", p)), Has.All.Null);
            Assert.That(passwords, Is.Unique);
            Assert.That(passwords, Has.All.Match("^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$"));
        });
    }
}
