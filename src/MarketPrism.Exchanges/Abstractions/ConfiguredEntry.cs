using MarketPrism.Core.Model;

namespace MarketPrism.Exchanges.Abstractions;

/// <summary>One enabled <c>exchanges[]</c> entry of an exchange, as its book rules see it.</summary>
/// <param name="Path">The entry's key path, e.g. <c>exchanges[2]</c>, for messages.</param>
/// <param name="Markets">The markets it collects: its own market type, plus perpetuals when a spot entry lists <c>futures_symbols</c>.</param>
/// <param name="Options">Its bound exchange-only options.</param>
public sealed record ConfiguredEntry(string Path, IReadOnlySet<MarketType> Markets, IVenueOptions Options);
