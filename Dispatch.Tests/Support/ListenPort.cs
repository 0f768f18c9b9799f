using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Dispatch.Testing;

/// <summary>
/// A free loopback port for a process the tests or the benchmark start with <c>--urls</c>. It is chosen below the
/// kernel's range for outgoing connections (Linux's <c>ip_local_port_range</c>, 32768–60999 by default): a port the
/// kernel hands out (what binding port 0 gives) can be taken as the source port of any connection the run opens to
/// PostgreSQL or RabbitMQ between choosing it and the process binding it, and the process then fails to start with
/// "address already in use". A port below that range is only ever taken by a listener that asks for it.
/// </summary>
public static class ListenPort
{
    private const int Lowest = 10_000;
    private static readonly HashSet<int> HandedOut = [];

    public static int Next()
    {
        var below = Math.Min(EphemeralLow(), 32_768);
        lock (HandedOut)
        {
            for (var attempt = 0; attempt < 200; attempt++)
            {
                var port = Random.Shared.Next(Lowest, below);
                if (!HandedOut.Contains(port) && IsFree(port))
                {
                    HandedOut.Add(port);
                    return port;
                }
            }
        }

        throw new InvalidOperationException($"No free loopback port between {Lowest} and {below} in 200 tries.");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int EphemeralLow()
    {
        const string range = "/proc/sys/net/ipv4/ip_local_port_range";
        return File.Exists(range) && int.TryParse(File.ReadAllText(range).Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries)[0],
            NumberStyles.None, CultureInfo.InvariantCulture, out var low) && low > Lowest + 1_000
            ? low
            : 32_768;
    }
}
