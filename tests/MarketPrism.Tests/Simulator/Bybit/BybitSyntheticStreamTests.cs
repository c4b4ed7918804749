using System.Text;
using System.Text.Json;
using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Abstractions;
using MarketPrism.Exchanges.Bybit;
using MarketPrism.Simulator.Bybit;
using static MarketPrism.Tests.Simulator.Bybit.BybitStreams;
using static MarketPrism.Tests.Simulator.SimulatorHarness;

namespace MarketPrism.Tests.Simulator.Bybit;

/// <summary>
/// The streams the recording lacks (trades, tickers, liquidations) are synthesized in Bybit's exact shapes: every
/// message is read by the collector's own Bybit parser without a complaint, and the values follow the true book.
/// </summary>
public sealed class BybitSyntheticStreamTests
{
    [Fact]
    public async Task The_linear_ticker_starts_with_a_full_snapshot_and_then_sends_only_changed_fields()
    {
        await using var simulator = await StartAsync(o => o.AutoStart = false);
        var cancellation = Within();
        using var socket = await ConnectAsync(simulator, LinearPath, cancellation);

        await SubscribeAsync(socket, "1", cancellation, "tickers.XRPUSDT");
        await ReceiveAsync(socket, cancellation);
        var snapshot = JsonDocument.Parse((await ReceiveAsync(socket, cancellation))!).RootElement;
        simulator.Start(BybitLinear);
        await simulator.WhenFinishedAsync(BybitLinear, cancellation);
        var deltas = await ReceiveGeneratedAsync(simulator, socket, BybitLinear, 0, cancellation, "tickers.XRPUSDT");

        Assert.Equal("snapshot", snapshot.GetProperty("type").GetString());
        Assert.Equal(BybitSymbol.ContractTickerFields, snapshot.GetProperty("data").EnumerateObject().Select(field => field.Name));
        Assert.Equal(["topic", "type", "data", "cs", "ts"], snapshot.EnumerateObject().Select(field => field.Name));
        Assert.NotEmpty(deltas);
        Assert.All(deltas, delta =>
        {
            Assert.Equal("delta", delta.GetProperty("type").GetString());
            Assert.InRange(delta.GetProperty("data").EnumerateObject().Count(), 1, BybitSymbol.ContractTickerFields.Length - 1);
        });

        // The merged ticker's best bid and ask are the truth's.
        var merged = new Dictionary<string, string>();
        foreach (var message in deltas.Prepend(snapshot))
        {
            foreach (var field in message.GetProperty("data").EnumerateObject())
            {
                merged[field.Name] = field.Value.GetString()!;
            }
        }

        var truth = simulator.GetTrueBook(BybitLinear, Symbol, 1);
        Assert.Equal((truth.Bids[0].Price.ToString(System.Globalization.CultureInfo.InvariantCulture), truth.Asks[0].Price.ToString(System.Globalization.CultureInfo.InvariantCulture)), (merged["bid1Price"], merged["ask1Price"]));
        Assert.Equal((truth.Bids[0].Price + truth.Asks[0].Price) / 2, decimal.Parse(merged["markPrice"], System.Globalization.CultureInfo.InvariantCulture), 4);
    }

    [Fact]
    public async Task Every_synthetic_message_parses_in_the_collector_into_complete_records()
    {
        await using var simulator = await StartAsync(o => o.AutoStart = false);
        var cancellation = Within();
        using var socket = await ConnectAsync(simulator, LinearPath, cancellation);
        string[] topics = ["publicTrade.XRPUSDT", "tickers.XRPUSDT", "allLiquidation.XRPUSDT", "orderbook.1.XRPUSDT"];

        await SubscribeAsync(socket, "1", cancellation, topics);
        var opening = await ReceiveManyAsync(socket, 3, cancellation);
        simulator.Start(BybitLinear);
        await simulator.WhenFinishedAsync(BybitLinear, cancellation);
        var generated = (int)topics.Sum(topic => simulator.GetFramesGenerated(BybitLinear, topic));
        var messages = opening.Concat(await ReceiveManyAsync(socket, generated, cancellation)).ToList();

        var parser = new BybitFrameParser(BybitSymbols.CreateTable(MarketType.Perpetual, []));
        var records = new List<MarketRecord>();
        var kinds = messages.Select(message => parser.Parse(Encoding.UTF8.GetBytes(message), TimeProvider.System.GetUtcNow().UtcDateTime, records)).ToList();

        Assert.Equal(FrameKind.SubscriptionAck, kinds[0].Kind);
        Assert.DoesNotContain(kinds, kind => kind.Kind == FrameKind.Malformed);
        var trades = records.OfType<TradeRecord>().ToList();
        var ids = simulator.GetGeneratedIds(BybitLinear, Symbol, "trade");
        Assert.Equal(ids.Count, trades.Count);
        Assert.Equal(ids.Ranges.SelectMany(range => Enumerable.Range((int)range.First, (int)range.Count)).Select(n => BybitTradeIds.Format(spot: false, n)), trades.Select(trade => trade.TradeId.ToString()));
        Assert.All(trades, trade => Assert.Equal("XRP-USDT", trade.SymbolName));

        // Synthetic liquidations alternate: a long (Buy position) first, recorded as a sell order, then a short.
        var liquidations = records.OfType<LiquidationRecord>().ToList();
        Assert.Equal(5, liquidations.Count);
        Assert.Equal([Side.Sell, Side.Buy, Side.Sell, Side.Buy, Side.Sell], liquidations.Select(liquidation => liquidation.Side));
        Assert.Contains(records, record => record is FundingRateRecord { NextFundingTime: not null, MarkPrice: not null, IndexPrice: not null });
        Assert.Contains(records, record => record is OpenInterestRecord { OpenInterestValue: not null });
        Assert.Contains(records, record => record is MarkPriceRecord);
        var quotes = records.OfType<BestBidAskRecord>().ToList();
        Assert.NotEmpty(quotes);
        Assert.All(quotes, quote => Assert.True(quote.BidPrice < quote.AskPrice));
    }

    [Fact]
    public async Task Spot_trades_have_digit_ids_and_no_tick_direction_and_spot_tickers_are_whole_snapshots()
    {
        await using var simulator = await StartAsync(o => o.AutoStart = false);
        var cancellation = Within();
        using var socket = await ConnectAsync(simulator, SpotPath, cancellation);

        await SubscribeAsync(socket, "1", cancellation, "publicTrade.XRPUSDT", "tickers.XRPUSDT");
        await ReceiveManyAsync(socket, 2, cancellation);
        simulator.Start(BybitSpot);
        await simulator.WhenFinishedAsync(BybitSpot, cancellation);
        var messages = await ReceiveGeneratedAsync(simulator, socket, BybitSpot, 0, cancellation, "publicTrade.XRPUSDT", "tickers.XRPUSDT");

        var trades = messages.Where(m => m.GetProperty("topic").GetString()!.StartsWith("publicTrade", StringComparison.Ordinal))
            .SelectMany(m => m.GetProperty("data").EnumerateArray()).ToList();
        Assert.NotEmpty(trades);
        Assert.Equal("2290000000000000001", trades[0].GetProperty("i").GetString());
        Assert.All(trades, trade => Assert.False(trade.TryGetProperty("L", out _)));
        var tickers = messages.Where(m => m.GetProperty("topic").GetString()!.StartsWith("tickers", StringComparison.Ordinal)).ToList();
        Assert.All(tickers, ticker =>
        {
            Assert.Equal("snapshot", ticker.GetProperty("type").GetString());
            Assert.Equal(BybitSymbol.SpotTickerFields, ticker.GetProperty("data").EnumerateObject().Select(field => field.Name));
        });
    }
}
