using System.Buffers;
using System.Globalization;
using System.Text.Json;
using MarketPrism.Core.Model;
using MarketPrism.Simulator.Engine;

namespace MarketPrism.Simulator.Okx;

/// <summary>
/// Renders the frames the OKX simulator sends, in OKX v5's exact shapes: the push envelope
/// <c>{"arg":{…},"action"?:…,"data":[…]}</c> and the control answers. Numbers go out as strings, as OKX sends them;
/// decimals keep the digits they were recorded with.
/// </summary>
internal static class OkxFrames
{
    /// <summary>Order counts are not recorded per level; a level that exists is written with one order.</summary>
    private const string OrdersAtLevel = "1";

    public static OutboundFrame BookSnapshot(string instId, IReadOnlyList<BookLevel> bids, IReadOnlyList<BookLevel> asks, long time, long seqId, int checksum) =>
        Render(writer =>
        {
            WriteArg(writer, "books", "instId", instId);
            writer.WriteString("action", "snapshot");
            writer.WriteStartArray("data");
            WriteBook(writer, bids, asks, time, checksum, prevSeqId: -1, seqId);
            writer.WriteEndArray();
        });

    public static OutboundFrame BookUpdate(string instId, IReadOnlyList<BookLevel> bids, IReadOnlyList<BookLevel> asks, long time, long prevSeqId, long seqId, int checksum) =>
        Render(writer =>
        {
            WriteArg(writer, "books", "instId", instId);
            writer.WriteString("action", "update");
            writer.WriteStartArray("data");
            WriteBook(writer, bids, asks, time, checksum, prevSeqId, seqId);
            writer.WriteEndArray();
        });

    /// <summary><c>bbo-tbt</c>: one level a side, the book's seqId, no checksum (OKX's shape for this channel).</summary>
    public static OutboundFrame BestBidOffer(string instId, BookLevel bid, BookLevel ask, long time, long seqId) =>
        Render(writer =>
        {
            WriteArg(writer, "bbo-tbt", "instId", instId);
            writer.WriteStartArray("data");
            writer.WriteStartObject();
            WriteLevels(writer, "asks", [ask]);
            WriteLevels(writer, "bids", [bid]);
            writer.WriteString("ts", Text(time));
            writer.WriteNumber("seqId", seqId);
            writer.WriteEndObject();
            writer.WriteEndArray();
        });

    public static OutboundFrame Trades(string instId, IReadOnlyList<OkxRecordedTrade> trades, long idShift, long timeShift) =>
        Render(writer =>
        {
            WriteArg(writer, "trades", "instId", instId);
            writer.WriteStartArray("data");
            foreach (var trade in trades)
            {
                writer.WriteStartObject();
                writer.WriteString("instId", instId);
                writer.WriteString("tradeId", Text(trade.TradeId + idShift));
                writer.WriteString("px", trade.Price);
                writer.WriteString("sz", trade.Size);
                writer.WriteString("side", trade.Side);
                writer.WriteString("ts", Text(trade.Time + timeShift));
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        });

    public static OutboundFrame Ticker(string instId, IReadOnlyList<(string Name, string Value)> fields, long time) =>
        Render(writer =>
        {
            WriteArg(writer, "tickers", "instId", instId);
            writer.WriteStartArray("data");
            writer.WriteStartObject();
            foreach (var (name, value) in fields)
            {
                writer.WriteString(name, value);
            }

            writer.WriteString("ts", Text(time));
            writer.WriteEndObject();
            writer.WriteEndArray();
        });

    public static OutboundFrame MarkPrice(string instId, string instType, decimal markPrice, long time) =>
        Render(writer =>
        {
            WriteArg(writer, "mark-price", "instId", instId);
            writer.WriteStartArray("data");
            writer.WriteStartObject();
            writer.WriteString("instId", instId);
            writer.WriteString("instType", instType);
            JsonDecimals.WriteDecimal(writer, "markPx", markPrice, null);
            writer.WriteString("ts", Text(time));
            writer.WriteEndObject();
            writer.WriteEndArray();
        });

    public static OutboundFrame FundingRate(OkxFunding funding) =>
        Render(writer =>
        {
            WriteArg(writer, "funding-rate", "instId", funding.InstId);
            writer.WriteStartArray("data");
            WriteFunding(writer, funding);
            writer.WriteEndArray();
        });

    public static OutboundFrame OpenInterest(OkxOpenInterest openInterest) =>
        Render(writer =>
        {
            WriteArg(writer, "open-interest", "instId", openInterest.InstId);
            writer.WriteStartArray("data");
            WriteOpenInterest(writer, openInterest);
            writer.WriteEndArray();
        });

    /// <summary><c>liquidation-orders</c>: <c>side</c> is the liquidation order's, <c>posSide</c> the position's.</summary>
    public static OutboundFrame Liquidation(string instId, string instType, Side side, decimal bankruptcyPrice, decimal size, long time) =>
        Render(writer =>
        {
            WriteArg(writer, OkxStreams.LiquidationOrders, "instType", instType);
            writer.WriteStartArray("data");
            writer.WriteStartObject();
            writer.WriteStartArray("details");
            writer.WriteStartObject();
            writer.WriteString("bkLoss", "0");
            JsonDecimals.WriteDecimal(writer, "bkPx", bankruptcyPrice, null);
            writer.WriteString("ccy", "");
            writer.WriteString("posSide", side == Side.Sell ? "long" : "short");
            writer.WriteString("side", side == Side.Sell ? "sell" : "buy");
            JsonDecimals.WriteDecimal(writer, "sz", size, null);
            writer.WriteString("ts", Text(time));
            writer.WriteEndObject();
            writer.WriteEndArray();
            var family = instId[..instId.LastIndexOf('-')];
            writer.WriteString("instFamily", family);
            writer.WriteString("instId", instId);
            writer.WriteString("instType", instType);
            writer.WriteString("uly", family);
            writer.WriteEndObject();
            writer.WriteEndArray();
        });

    /// <summary><c>{"event":"subscribe"|"unsubscribe","arg":{…},"connId":…}</c>, one per argument.</summary>
    public static byte[] Acknowledge(string op, string channel, string key, string value, string connectionId) =>
        Write(writer =>
        {
            writer.WriteString("event", op);
            WriteArg(writer, channel, key, value);
            writer.WriteString("connId", connectionId);
        });

    /// <summary><c>{"event":"error","code":…,"msg":…,"connId":…}</c>.</summary>
    public static byte[] Error(string code, string message, string connectionId) =>
        Write(writer =>
        {
            writer.WriteString("event", "error");
            writer.WriteString("code", code);
            writer.WriteString("msg", message);
            writer.WriteString("connId", connectionId);
        });

    /// <summary>A REST body <c>{"code":"0","data":[…],"msg":""}</c>.</summary>
    public static void WriteRestBody(Utf8JsonWriter writer, Action<Utf8JsonWriter> writeData)
    {
        writer.WriteStartObject();
        writer.WriteString("code", "0");
        writer.WriteStartArray("data");
        writeData(writer);
        writer.WriteEndArray();
        writer.WriteString("msg", "");
        writer.WriteEndObject();
    }

    /// <summary>The current (2024-) funding-rate object of OKX's docs, shared by the channel and the REST endpoint.</summary>
    public static void WriteFunding(Utf8JsonWriter writer, OkxFunding funding)
    {
        writer.WriteStartObject();
        writer.WriteString("formulaType", "withRate");
        JsonDecimals.WriteDecimal(writer, "fundingRate", funding.Rate, null);
        writer.WriteString("fundingTime", Text(funding.FundingTime));
        writer.WriteString("impactValue", "20000");
        writer.WriteString("instId", funding.InstId);
        writer.WriteString("instType", "SWAP");
        writer.WriteString("interestRate", "0.0001");
        writer.WriteString("maxFundingRate", "0.0075");
        writer.WriteString("method", "current_period");
        writer.WriteString("minFundingRate", "-0.0075");
        writer.WriteString("nextFundingRate", "");
        writer.WriteString("nextFundingTime", Text(funding.FundingTime + OkxFunding.Period));
        JsonDecimals.WriteDecimal(writer, "premium", funding.Premium, null);
        JsonDecimals.WriteDecimal(writer, "settFundingRate", funding.Rate, null);
        writer.WriteString("settState", "settled");
        writer.WriteString("ts", Text(funding.Time));
        writer.WriteEndObject();
    }

    public static void WriteOpenInterest(Utf8JsonWriter writer, OkxOpenInterest openInterest)
    {
        writer.WriteStartObject();
        writer.WriteString("instId", openInterest.InstId);
        writer.WriteString("instType", openInterest.InstType);
        JsonDecimals.WriteDecimal(writer, "oi", openInterest.Contracts, null);
        JsonDecimals.WriteDecimal(writer, "oiCcy", openInterest.Coins, null);
        JsonDecimals.WriteDecimal(writer, "oiUsd", openInterest.Usd, null);
        writer.WriteString("ts", Text(openInterest.Time));
        writer.WriteEndObject();
    }

    public static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static void WriteBook(Utf8JsonWriter writer, IReadOnlyList<BookLevel> bids, IReadOnlyList<BookLevel> asks, long time, int checksum, long prevSeqId, long seqId)
    {
        writer.WriteStartObject();
        WriteLevels(writer, "asks", asks);
        WriteLevels(writer, "bids", bids);
        writer.WriteString("ts", Text(time));
        writer.WriteNumber("checksum", checksum);
        writer.WriteNumber("prevSeqId", prevSeqId);
        writer.WriteNumber("seqId", seqId);
        writer.WriteEndObject();
    }

    private static void WriteLevels(Utf8JsonWriter writer, string name, IReadOnlyList<BookLevel> levels)
    {
        writer.WriteStartArray(name);
        foreach (var level in levels)
        {
            writer.WriteStartArray();
            JsonDecimals.WriteDecimalValue(writer, level.Price, null);
            JsonDecimals.WriteDecimalValue(writer, level.Size, null);
            writer.WriteStringValue("0");
            writer.WriteStringValue(level.Size == 0 ? "0" : OrdersAtLevel);
            writer.WriteEndArray();
        }

        writer.WriteEndArray();
    }

    private static void WriteArg(Utf8JsonWriter writer, string channel, string key, string value)
    {
        writer.WriteStartObject("arg");
        writer.WriteString("channel", channel);
        writer.WriteString(key, value);
        writer.WriteEndObject();
    }

    private static OutboundFrame Render(Action<Utf8JsonWriter> writeFields)
    {
        var bytes = Write(writeFields);
        return new OutboundFrame(bytes, 0, bytes.Length);
    }

    private static byte[] Write(Action<Utf8JsonWriter> writeFields)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WireJson.Options))
        {
            writer.WriteStartObject();
            writeFields(writer);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}

/// <summary>A synthetic funding rate: the rate charged at <see cref="FundingTime"/>, as of <see cref="Time"/>.</summary>
internal readonly record struct OkxFunding(string InstId, decimal Rate, decimal Premium, long FundingTime, long Time)
{
    /// <summary>OKX's usual funding period: 8 hours.</summary>
    public const long Period = 8 * 60 * 60 * 1000;
}

/// <summary>Synthetic open interest in contracts, coins and USD.</summary>
internal readonly record struct OkxOpenInterest(string InstId, string InstType, decimal Contracts, decimal Coins, decimal Usd, long Time);
