using System.Net;
using System.Net.Sockets;
using Dispatch.Testing;

namespace Dispatch.Tests.Unit;

[Category("Unit")]
public sealed class ListenPortSpecs
{
    [Test]
    public void A_port_for_a_started_process_is_free_distinct_and_below_the_range_the_kernel_gives_outgoing_connections()
    {
        var ports = Enumerable.Range(0, 20).Select(_ => ListenPort.Next()).ToList();

        // What binding port 0 gives is a port from the kernel's range; every chosen port must lie below it.
        using var ephemeral = new TcpListener(IPAddress.Loopback, 0);
        ephemeral.Start();
        var kernelPort = ((IPEndPoint)ephemeral.LocalEndpoint).Port;
        Assert.Multiple(() =>
        {
            Assert.That(ports, Is.Unique);
            Assert.That(ports, Has.All.LessThan(kernelPort).And.All.GreaterThanOrEqualTo(10_000));
        });
        foreach (var port in ports)
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            Assert.DoesNotThrow(listener.Start, $"port {port} can be bound");
        }
    }
}
