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
    /// Binance trade stream: <c>trade</c> (every fill) or <c>agg_trade</c> (fills aggregated by taker order).
    /// Default: trade.
    /// </summary>
    public string TradeStream { get; set; } = "trade";

    /// <summary>
    /// Levels of the book topic on venues that stream the book with its own snapshot (Bybit <c>orderbook.{depth}</c>:
    /// 50, 200 or 1000); 0 takes the venue's default (Bybit: 200). Binance books come from REST snapshots sized by
    /// <c>books.rest_snapshot_limit</c>, so there it must stay 0. Default: 0.
    /// </summary>
    public int BookDepth { get; set; }

    /// <summary>
    /// Bybit only: what a book update id <c>u</c> that skips ahead means. <c>lenient</c> (the default when unset):
    /// the update is applied and counted (<c>marketprism_book_update_id_skips_total</c>), and the book is
    /// resynchronized only when it turns crossed or Bybit sends a snapshot, since Bybit promises consecutive ids only
    /// on its full-depth stream. <c>strict</c>: every skipped id resynchronizes the book. Default: unset.
    /// </summary>
    public string? BookContinuity { get; set; }

    /// <summary>The <see cref="BookContinuity"/> value that resynchronizes on every skipped id.</summary>
    public const string StrictBookContinuity = "strict";

    /// <summary>The <see cref="BookContinuity"/> value that applies and counts a skipped id.</summary>
    public const string LenientBookContinuity = "lenient";
}
