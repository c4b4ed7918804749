using MarketPrism.Exchanges.Abstractions;

namespace MarketPrism.Collector.Configuration;

/// <summary>
/// One exchange entry (a list item of <c>exchanges</c>), with the plan's fields. An entry collects
/// <see cref="Symbols"/> on its <see cref="MarketType"/> through <see cref="BaseUrl"/>/<see cref="WsUrl"/>; on a
/// spot entry, <see cref="FuturesSymbols"/> are also collected as perpetuals through
/// <see cref="FuturesUrl"/>/<see cref="FuturesWsUrl"/>. URLs left out take the venue's public defaults.
/// </summary>
public sealed class ExchangeOptions
{
    /// <summary>Exchange name: <c>binance</c>. Required.</summary>
    public string Exchange { get; set; } = "";

    /// <summary>Market of <see cref="Symbols"/>: spot, perpetual, futures, option. Default: spot.</summary>
    public string MarketType { get; set; } = "spot";

    /// <summary>Whether this entry is collected. Default: true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>REST base address of the market of <see cref="Symbols"/>. Default: the venue's public address.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>WebSocket base address of the market of <see cref="Symbols"/>. Default: the venue's public address.</summary>
    public string? WsUrl { get; set; }

    /// <summary>REST base address for <see cref="FuturesSymbols"/>. Default: the venue's public address.</summary>
    public string? FuturesUrl { get; set; }

    /// <summary>WebSocket base address for <see cref="FuturesSymbols"/>. Default: the venue's public address.</summary>
    public string? FuturesWsUrl { get; set; }

    /// <summary>Normalized symbols (<c>BTC-USDT</c>) of <see cref="MarketType"/>. Required unless futures symbols are given.</summary>
    public List<string> Symbols { get; set; } = [];

    /// <summary>Normalized symbols collected as perpetuals (spot entries only).</summary>
    public List<string> FuturesSymbols { get; set; } = [];

    /// <summary>
    /// Data types to collect (wire names: trade, book_delta, book_snapshot, best_bid_ask, funding_rate,
    /// open_interest, liquidation, mark_price). Types a market does not have are skipped for it.
    /// Default: all of them.
    /// </summary>
    public List<string> DataTypes { get; set; } = [];

    /// <summary>Collect funding rates on derivative markets (the plan's switch). Default: true.</summary>
    public bool EnableFundingRate { get; set; } = true;

    /// <summary>Collect open interest on derivative markets. Default: true.</summary>
    public bool EnableOpenInterest { get; set; } = true;

    /// <summary>Collect liquidations on derivative markets. Default: true.</summary>
    public bool EnableLiquidation { get; set; } = true;

    /// <summary>REST request budget per minute for this exchange (weight units on Binance). Default: 1200.</summary>
    public int MaxRequestsPerMinute { get; set; } = 1200;

    /// <summary>REST requests per second this collector allows itself to this exchange. Default: 100.</summary>
    public int ApiRateLimit { get; set; } = 100;

    /// <summary>
    /// Options only this entry's exchange has, e.g. <c>{ trade_stream: agg_trade }</c> on Binance or
    /// <c>{ book_depth: 1000, book_continuity: strict }</c> on Bybit: each exchange's plug-in defines, checks and
    /// documents its keys (docs/configuration.md lists them per exchange). Default: none (the exchange's defaults).
    /// </summary>
    public Dictionary<string, string> Options { get; set; } = [];

    /// <summary>Deprecated: <c>options.trade_stream</c> (Binance). Still read, with a warning.</summary>
    public string? TradeStream { get; set; }

    /// <summary>Deprecated: <c>options.book_depth</c> (Bybit); 0 was the venue's default. Still read, with a warning.</summary>
    public int? BookDepth { get; set; }

    /// <summary>Deprecated: <c>options.book_continuity</c> (Bybit). Still read, with a warning.</summary>
    public string? BookContinuity { get; set; }

    /// <summary>
    /// <see cref="Options"/> (and any deprecated spelling of them) bound to the exchange's own options type; set by
    /// loading, null on an entry built in code (the exchange's defaults apply) or naming an unknown exchange.
    /// </summary>
    public IVenueOptions? VenueOptions { get; internal set; }
}
