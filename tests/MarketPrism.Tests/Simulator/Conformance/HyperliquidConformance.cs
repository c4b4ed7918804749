using System.Text.Json;

namespace MarketPrism.Tests.Simulator.Conformance;

/// <summary>
/// Hyperliquid's WebSocket and <c>POST /info</c>. Its books have no sequence: every <c>l2Book</c> push is the whole book
/// (20 levels a side) with the exchange's <c>time</c>, which the suite uses as the book's sequence (the truth's
/// <c>LastUpdateId</c> is the time of the latest snapshot). A snapshot always continues, so a gap shows no break.
/// </summary>
public sealed class HyperliquidConformance : SimulatedVenueConformance
{
    protected override string Venue => SimulatorHarness.HyperliquidVenue;

    protected override string ProtocolFolder => "hyperliquid";

    protected override string WebSocketPath => "/hyperliquid/ws";

    protected override string Symbol => "BTC";

    protected override string BookStream => "l2Book:BTC";

    protected override string SubscribeRequest => """{"method":"subscribe","subscription":{"type":"l2Book","coin":"BTC"}}""";

    /// <summary>Hyperliquid has no liquidation channel (and answers it as it answers any request it cannot read).</summary>
    protected override string UnknownChannelRequest => """{"method":"subscribe","subscription":{"type":"liquidations","coin":"BTC"}}""";

    protected override string MarkerRequest => """{"method":"ping"}""";

    protected override bool IsMarkerReply(string message) => message == """{"channel":"pong"}""";

    protected override string? HeartbeatFileExtension => ".json";

    protected override string RestProbePath => "/hyperliquid/info";

    protected override string? RestProbeBody => """{"type":"meta"}""";

    protected override string RestBookPath => "/hyperliquid/info";

    protected override string? RestBookBody => """{"type":"l2Book","coin":"BTC"}""";

    protected override bool SnapshotInBand => true;

    protected override int BookDepth => 20;

    protected override bool BookPushesAreWholeSnapshots => true;

    protected override LocalBook ReadRestBook(JsonElement body)
    {
        var book = new LocalBook();
        Replace(book, body);
        return book;
    }

    protected override bool? ApplyBookFrame(JsonElement message, LocalBook book)
    {
        if (!message.TryGetProperty("channel", out var channel) || channel.GetString() != "l2Book")
        {
            return null;
        }

        var data = message.GetProperty("data");
        if (data.GetProperty("coin").GetString() != Symbol)
        {
            return null;
        }

        // A whole book replaces the last one; its time must not go backwards.
        var continues = data.GetProperty("time").GetInt64() >= book.Sequence;
        Replace(book, data);
        return continues;
    }

    private static void Replace(LocalBook book, JsonElement data)
    {
        book.Clear();
        var levels = data.GetProperty("levels");
        SetLevels(book.Bids, levels[0]);
        SetLevels(book.Asks, levels[1]);
        book.Sequence = data.GetProperty("time").GetInt64();
    }

    private static void SetLevels(SortedDictionary<decimal, decimal> side, JsonElement levels)
    {
        foreach (var level in levels.EnumerateArray())
        {
            LocalBook.Set(side, LocalBook.Parse(level.GetProperty("px").GetString()!), LocalBook.Parse(level.GetProperty("sz").GetString()!));
        }
    }
}
