namespace MarketPrism.Simulator.Okx;

/// <summary>The loaded OKX session: its events in offset order, its instruments by id, one pass's length.</summary>
internal sealed record OkxSessionData(
    OkxSimEvent[] Events,
    SortedDictionary<string, OkxSimInstrument> Instruments,
    TimeSpan LoopSpan,
    long OriginMs);
