namespace MarketPrism.Exchanges.Deribit;

/// <summary>The public notification channels the parser understands, by the channel name's first part.</summary>
internal enum DeribitChannelKind : byte
{
    /// <summary>Any other channel (<c>chart.trades…</c>, <c>deribit_price_index…</c>): well-formed, not normalized.</summary>
    Other,

    /// <summary><c>book.{instrument}.{interval}</c>: snapshot then changes with <c>change_id</c>/<c>prev_change_id</c>.</summary>
    Book,

    /// <summary><c>book.{instrument}.{group}.{depth}.{interval}</c>: whole top-N books without ids; not normalized.</summary>
    GroupedBook,

    /// <summary><c>trades.{instrument}.{interval}</c>: an array of trades.</summary>
    Trades,

    /// <summary><c>ticker.{instrument}.{interval}</c>: mark, index, open interest, funding.</summary>
    Ticker,

    /// <summary><c>quote.{instrument}</c>: best bid and ask.</summary>
    Quote,

    /// <summary><c>deribit_volatility_index.{index_name}</c>: DVOL.</summary>
    VolatilityIndex,
}
