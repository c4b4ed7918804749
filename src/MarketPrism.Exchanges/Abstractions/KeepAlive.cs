namespace MarketPrism.Exchanges.Abstractions;

/// <summary>When a client keep-alive is sent.</summary>
public enum KeepAliveTrigger : byte
{
    /// <summary>Every <see cref="KeepAlive.Interval"/>, whatever arrives (Bybit: <c>{"op":"ping"}</c> every 20 s).</summary>
    Periodic,

    /// <summary>When nothing has arrived for <see cref="KeepAlive.Interval"/> (OKX: text <c>ping</c> before 30 s of silence).</summary>
    AfterSilence,
}

/// <summary>A venue's application-level keep-alive, sent by the client on top of WebSocket pings.</summary>
/// <param name="Interval">Period, or silence that triggers it.</param>
/// <param name="Trigger">When it is sent.</param>
/// <param name="Message">The text frame sent.</param>
public sealed record KeepAlive(TimeSpan Interval, KeepAliveTrigger Trigger, ReadOnlyMemory<byte> Message);
