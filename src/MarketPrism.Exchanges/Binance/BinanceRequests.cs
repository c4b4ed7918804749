using System.Buffers;
using System.Text.Json;
using MarketPrism.Core.Model;

namespace MarketPrism.Exchanges.Binance;

/// <summary>
/// The messages the collector sends Binance: WebSocket subscription requests and REST request paths (with query,
/// relative to <see cref="BinanceEndpoints.RestBase"/>).
/// </summary>
public static class BinanceRequests
{
    /// <summary><c>{"method":"SUBSCRIBE","params":[…],"id":n}</c>; answered by <c>{"result":null,"id":n}</c>.</summary>
    public static byte[] Subscribe(IReadOnlyCollection<string> streams, long id) => Request("SUBSCRIBE", streams, id);

    /// <summary><c>{"method":"UNSUBSCRIBE","params":[…],"id":n}</c>.</summary>
    public static byte[] Unsubscribe(IReadOnlyCollection<string> streams, long id) => Request("UNSUBSCRIBE", streams, id);

    /// <summary><c>{"method":"LIST_SUBSCRIPTIONS","id":n}</c>; answered by <c>{"result":[…],"id":n}</c>.</summary>
    public static byte[] ListSubscriptions(long id)
    {
        var buffer = new ArrayBufferWriter<byte>(64);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("method"u8, "LIST_SUBSCRIPTIONS"u8);
            writer.WriteNumber("id"u8, id);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// The depth snapshot request: <c>/api/v3/depth</c>, <c>/fapi/v1/depth</c> or <c>/dapi/v1/depth</c>, with
    /// <paramref name="levels"/> adjusted to a limit the venue accepts (<see cref="BinanceLimits.DepthLimit"/>).
    /// </summary>
    public static string DepthSnapshotPath(BinanceVenue venue, string exchangeSymbol, int levels)
    {
        var prefix = venue switch
        {
            BinanceVenue.Spot => "/api/v3",
            BinanceVenue.UsdMargined => "/fapi/v1",
            BinanceVenue.CoinMargined => "/dapi/v1",
            _ => throw new ArgumentOutOfRangeException(nameof(venue), venue, null),
        };
        return $"{prefix}/depth?symbol={Symbol(exchangeSymbol)}&limit={BinanceLimits.DepthLimit(venue, levels)}";
    }

    /// <summary>
    /// The mark price and funding request: <c>/fapi/v1/premiumIndex?symbol=X</c> (or <c>/dapi/v1/…</c>); without a
    /// symbol it covers every contract and returns an array.
    /// </summary>
    public static string PremiumIndexPath(BinanceVenue venue, string? exchangeSymbol = null)
    {
        var path = $"{FuturesPrefix(venue)}/premiumIndex";
        return exchangeSymbol is null ? path : $"{path}?symbol={Symbol(exchangeSymbol)}";
    }

    /// <summary>The open interest request: <c>/fapi/v1/openInterest?symbol=X</c> (or <c>/dapi/v1/…</c>).</summary>
    public static string OpenInterestPath(BinanceVenue venue, string exchangeSymbol) =>
        $"{FuturesPrefix(venue)}/openInterest?symbol={Symbol(exchangeSymbol)}";

    /// <summary>
    /// A USD-M long/short ratio request on the futures host, outside <c>/fapi</c>:
    /// <c>/futures/data/topLongShortPositionRatio</c> (top traders by position), <c>topLongShortAccountRatio</c> (top
    /// traders by account) or <c>globalLongShortAccountRatio</c> (all accounts), for the latest
    /// <paramref name="period"/> (<c>limit=1</c>).
    /// </summary>
    public static string LongShortRatioPath(LongShortRatioKind kind, string exchangeSymbol, string period)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(period);
        var endpoint = kind switch
        {
            LongShortRatioKind.TopPosition => "topLongShortPositionRatio",
            LongShortRatioKind.TopAccount => "topLongShortAccountRatio",
            LongShortRatioKind.AllAccount => "globalLongShortAccountRatio",
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
        return $"/futures/data/{endpoint}?symbol={Symbol(exchangeSymbol)}&period={Uri.EscapeDataString(period)}&limit=1";
    }

    private static string FuturesPrefix(BinanceVenue venue) => venue switch
    {
        BinanceVenue.UsdMargined => "/fapi/v1",
        BinanceVenue.CoinMargined => "/dapi/v1",
        BinanceVenue.Spot => throw new ArgumentException("Spot has no funding or open interest endpoints.", nameof(venue)),
        _ => throw new ArgumentOutOfRangeException(nameof(venue), venue, null),
    };

    private static string Symbol(string exchangeSymbol)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(exchangeSymbol);
        return Uri.EscapeDataString(exchangeSymbol.ToUpperInvariant());
    }

    private static byte[] Request(string method, IReadOnlyCollection<string> streams, long id)
    {
        ArgumentNullException.ThrowIfNull(streams);
        if (streams.Count == 0)
        {
            throw new ArgumentException("A subscription request needs at least one stream.", nameof(streams));
        }

        if (streams.Count > BinanceLimits.MaxStreamsPerConnection)
        {
            throw new ArgumentException(
                $"{streams.Count} streams exceed Binance's {BinanceLimits.MaxStreamsPerConnection} per connection.", nameof(streams));
        }

        var buffer = new ArrayBufferWriter<byte>(64 + (streams.Count * 32));
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("method"u8, method);
            writer.WriteStartArray("params"u8);
            foreach (var stream in streams)
            {
                ArgumentException.ThrowIfNullOrWhiteSpace(stream, nameof(streams));
                writer.WriteStringValue(stream);
            }

            writer.WriteEndArray();
            writer.WriteNumber("id"u8, id);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
