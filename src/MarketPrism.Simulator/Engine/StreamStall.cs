namespace MarketPrism.Simulator.Engine;

/// <summary>
/// The stall fault on one stream: until <see cref="Until"/> its frames are generated (the truth advances) but not
/// sent, to every subscriber or to one connection only. Immutable: a new stall replaces the old one.
/// </summary>
/// <param name="Until">When frames flow again (by the simulator's clock).</param>
/// <param name="ConnectionId">The only connection stalled, or null for every subscriber.</param>
/// <param name="Time">The simulator's clock.</param>
internal sealed record StreamStall(DateTimeOffset Until, long? ConnectionId, TimeProvider Time)
{
    public bool IsOver => Time.GetUtcNow() >= Until;

    public bool Withholds(SimConnection connection) => ConnectionId is not { } id || id == connection.Id;
}
