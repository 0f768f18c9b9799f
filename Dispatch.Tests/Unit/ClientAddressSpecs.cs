using System.Net;
using Dispatch.Api.Limits;

namespace Dispatch.Tests.Unit;

[Category("Unit")]
public sealed class ClientAddressSpecs
{
    [TestCase("203.0.113.7", "203.0.113.7")]
    [TestCase("::ffff:203.0.113.7", "203.0.113.7")]
    [TestCase("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64")]
    [TestCase("2001:db8:1:2::1", "2001:db8:1:2::/64")]
    [TestCase("2001:db8:1:3::1", "2001:db8:1:3::/64")]
    public void A_client_is_counted_by_its_IPv4_address_or_by_the_IPv6_64_it_is_in(string address, string countedAs)
    {
        Assert.That(ClientAddress.Of(IPAddress.Parse(address)), Is.EqualTo(countedAs));
    }

    [Test]
    public void A_connection_without_an_address_is_counted_with_the_others_that_have_none()
    {
        Assert.That(ClientAddress.Of((IPAddress?)null), Is.EqualTo(ClientAddress.Unknown));
    }
}
