using MarketPrism.Core.Books;

namespace MarketPrism.Collector.Telemetry;

/// <summary>Where one book stands, for /health and /ready.</summary>
/// <param name="Symbol">Normalized symbol; for options and futures with the exchange symbol (see <see cref="InstrumentLabel"/>).</param>
/// <param name="State">Sync state.</param>
/// <param name="LastUpdateId">The exchange update id the book is at.</param>
public sealed record BookStatus(string Symbol, BookSyncState State, long LastUpdateId);
