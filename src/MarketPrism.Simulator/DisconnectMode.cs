namespace MarketPrism.Simulator;

/// <summary>How the disconnect fault ends a connection.</summary>
public enum DisconnectMode
{
    /// <summary>A clean WebSocket close frame (1001, going away), then the TCP close.</summary>
    Close,

    /// <summary>No close frame: the TCP connection is reset (RST).</summary>
    Reset,
}
