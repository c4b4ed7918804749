using System.Net.Sockets;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace MarketPrism.Simulator.Engine;

/// <summary>Ends a request's TCP connection with a reset (RST) instead of an orderly close.</summary>
internal static class TcpReset
{
    /// <summary>
    /// Resets the connection of <paramref name="context"/>'s request. Kestrel recycles a request's context once the
    /// request is over (its feature collection is gone and <see cref="HttpContext.Abort"/> throws a
    /// NullReferenceException), so a connection that ended just before is not an error: there is nothing to reset.
    /// Callers that can race with the end of the request (a fault against an open WebSocket) call this while they
    /// hold what keeps the request running.
    /// </summary>
    /// <returns>True when the connection was reset, false when its request had already finished.</returns>
    public static bool Reset(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        IFeatureCollection features;
        try
        {
            features = context.Features;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }

        // Linger 0 turns the close into an abortive one; Kestrel's own teardown then finds the socket closed.
        if (features.Get<IConnectionSocketFeature>()?.Socket is { } socket)
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

        // The lifetime feature from the collection just read, not HttpContext.Abort(), which looks the feature up
        // again and does not survive a context recycled meanwhile.
        try
        {
            features.Get<IHttpRequestLifetimeFeature>()?.Abort();
        }
        catch (ObjectDisposedException)
        {
            // Closing the socket already ended the request.
        }

        return true;
    }
}
