using System.Net.Sockets;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;

namespace MarketPrism.Simulator.Engine;

/// <summary>Ends a request's TCP connection with a reset (RST) instead of an orderly close.</summary>
internal static class TcpReset
{
    public static void Reset(HttpContext context)
    {
        // Linger 0 turns the close into an abortive one; Kestrel's own teardown then finds the socket closed.
        if (context.Features.Get<IConnectionSocketFeature>()?.Socket is { } socket)
        {
            try
            {
                socket.LingerState = new LingerOption(true, 0);
                socket.Close(0);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                // Already gone.
            }
        }

        try
        {
            context.Abort();
        }
        catch (ObjectDisposedException)
        {
            // Closing the socket already ended the request.
        }
    }
}
