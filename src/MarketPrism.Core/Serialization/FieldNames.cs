using System.Text.Json;

namespace MarketPrism.Core.Serialization;

/// <summary>The record field names users query, pre-encoded once for the JSON writer.</summary>
public static class FieldNames
{
    public static readonly JsonEncodedText DataType = JsonEncodedText.Encode("data_type");
    public static readonly JsonEncodedText ExchangeName = JsonEncodedText.Encode("exchange_name");
    public static readonly JsonEncodedText MarketType = JsonEncodedText.Encode("market_type");
    public static readonly JsonEncodedText SymbolName = JsonEncodedText.Encode("symbol_name");
    public static readonly JsonEncodedText ExchangeSymbol = JsonEncodedText.Encode("exchange_symbol");
    public static readonly JsonEncodedText Timestamp = JsonEncodedText.Encode("timestamp");
    public static readonly JsonEncodedText LocalTimestamp = JsonEncodedText.Encode("local_timestamp");

    public static readonly JsonEncodedText TradeId = JsonEncodedText.Encode("trade_id");
    public static readonly JsonEncodedText Price = JsonEncodedText.Encode("price");
    public static readonly JsonEncodedText Quantity = JsonEncodedText.Encode("quantity");
    public static readonly JsonEncodedText Side = JsonEncodedText.Encode("side");

    public static readonly JsonEncodedText Bids = JsonEncodedText.Encode("bids");
    public static readonly JsonEncodedText Asks = JsonEncodedText.Encode("asks");
    public static readonly JsonEncodedText FirstUpdateId = JsonEncodedText.Encode("first_update_id");
    public static readonly JsonEncodedText LastUpdateId = JsonEncodedText.Encode("last_update_id");
    public static readonly JsonEncodedText Depth = JsonEncodedText.Encode("depth");

    public static readonly JsonEncodedText BidPrice = JsonEncodedText.Encode("bid_price");
    public static readonly JsonEncodedText BidSize = JsonEncodedText.Encode("bid_size");
    public static readonly JsonEncodedText AskPrice = JsonEncodedText.Encode("ask_price");
    public static readonly JsonEncodedText AskSize = JsonEncodedText.Encode("ask_size");
    public static readonly JsonEncodedText UpdateId = JsonEncodedText.Encode("update_id");

    public static readonly JsonEncodedText FundingRate = JsonEncodedText.Encode("funding_rate");
    public static readonly JsonEncodedText EstimatedRate = JsonEncodedText.Encode("estimated_rate");
    public static readonly JsonEncodedText NextFundingTime = JsonEncodedText.Encode("next_funding_time");
    public static readonly JsonEncodedText MarkPrice = JsonEncodedText.Encode("mark_price");
    public static readonly JsonEncodedText IndexPrice = JsonEncodedText.Encode("index_price");
    public static readonly JsonEncodedText PremiumIndex = JsonEncodedText.Encode("premium_index");

    public static readonly JsonEncodedText OpenInterest = JsonEncodedText.Encode("open_interest");
    public static readonly JsonEncodedText OpenInterestValue = JsonEncodedText.Encode("open_interest_value");

    public static readonly JsonEncodedText LiquidationId = JsonEncodedText.Encode("liquidation_id");
    public static readonly JsonEncodedText TransactionHash = JsonEncodedText.Encode("transaction_hash");
    public static readonly JsonEncodedText Leverage = JsonEncodedText.Encode("leverage");
    public static readonly JsonEncodedText InstrumentType = JsonEncodedText.Encode("instrument_type");

    public static readonly JsonEncodedText Kind = JsonEncodedText.Encode("kind");
    public static readonly JsonEncodedText LongRatio = JsonEncodedText.Encode("long_ratio");
    public static readonly JsonEncodedText ShortRatio = JsonEncodedText.Encode("short_ratio");
    public static readonly JsonEncodedText LongShortRatio = JsonEncodedText.Encode("long_short_ratio");
    public static readonly JsonEncodedText Period = JsonEncodedText.Encode("period");

    public static readonly JsonEncodedText Volatility = JsonEncodedText.Encode("volatility");
}
