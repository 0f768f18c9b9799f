using System.Net;
using System.Net.Sockets;

namespace Dispatch.Api.Limits;

/// <summary>
/// The address a client's unauthenticated requests are counted under: its IPv4 address, or the /64 its IPv6 address lies in (a
/// host is routinely given a whole /64, so counting single IPv6 addresses would hand one client billions of fresh budgets).
/// Behind a reverse proxy the connection comes from the proxy: the host must be told to trust its X-Forwarded-For
/// (ASPNETCORE_FORWARDEDHEADERS_ENABLED=true), or every client shares the proxy's budget.
/// </summary>
public static class ClientAddress
{
    public const string Unknown = "unknown";

    public static string Of(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Of(context.Connection.RemoteIpAddress);
    }

    public static string Of(IPAddress? address)
    {
        if (address is null)
        {
            return Unknown;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return $"{new IPAddress(bytes)}/64";
    }
}
