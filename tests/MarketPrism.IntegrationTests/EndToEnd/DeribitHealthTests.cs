using System.Text.Json;
using MarketPrism.IntegrationTests.Infrastructure;
using MarketPrism.Simulator;

namespace MarketPrism.IntegrationTests.EndToEnd;

/// <summary>
/// /health on a Deribit options run, the case that once went red because an option had no trade for minutes: a quiet
/// market is not a dead connection. The recorded options never trade (books and tickers only), the synthetic
/// perpetuals trade all the time.
/// </summary>
[Collection(ProcessTests.Name)]
public sealed class DeribitHealthTests
{
    /// <summary>The per-type rule /health used to apply to trades: 503 after a minute without one on a market.</summary>
    private static readonly TimeSpan FormerTradeStaleAfter = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Health_stays_200_while_options_go_minutes_without_a_trade_and_turns_503_naming_the_connections_when_they_die()
    {
        await using var run = await CollectorRun.StartAsync(
            ["--speed", "1", "--loop"],
            (directory, simulator) => DeribitConfigFile.WriteWithHttp(directory, simulator, healthGracePeriod: "2s"),
            DeribitConfigFile.ExpectedSubscriptions);
        using var http = await CollectorHttp.FromLogAsync(run.Collector);
        await run.Simulator.StartTimelineAsync();
        await http.WaitForStatusAsync("health", 200, TimeSpan.FromSeconds(30));

        // Every answer is 200 and healthy until the option connection has been up for longer than trades used to be
        // allowed to be silent (the end condition is the collector's own clock, read from the report).
        var answers = 0;
        JsonElement report;
        while (true)
        {
            var (status, body) = await http.GetReportAsync("health");
            Assert.True(status == 200, $"/health answered {status}: {body}");
            Assert.True(body.GetProperty("status").GetString() == "healthy", $"not healthy: {body}");
            answers++;
            report = body;
            if (UpFor(body, "option", "deribit-option-1") > FormerTradeStaleAfter + TimeSpan.FromSeconds(5))
            {
                break;
            }

            // Not a settle delay: the pace of sampling a condition that must hold throughout a real minute (the
            // collector's own clock decides when that minute is over, above).
            await Task.Delay(TimeSpan.FromMilliseconds(500), TestContext.Current.CancellationToken);
        }

        // The options never traded, while their books and tickers flowed, and the perpetuals traded.
        var deribit = (await run.Simulator.StatusAsync()).Venues.Single(venue => venue.Name == DeribitConfigFile.Venue);
        Assert.Equal(0, Frames(deribit, "trades.", DeribitConfigFile.Options));
        Assert.True(Frames(deribit, "trades.", DeribitConfigFile.Perpetuals) > 0, "the perpetuals traded");
        Assert.True(Frames(deribit, "book.", DeribitConfigFile.Options) > 0, "the option books changed");
        Assert.True(Frames(deribit, "ticker.", DeribitConfigFile.Options) > 0, "the option tickers flowed");
        var options = Market(report, "option");
        var optionTrades = DataType(options, "trade");
        Assert.Equal(JsonValueKind.Null, optionTrades.GetProperty("last_message_age_seconds").ValueKind);
        Assert.False(optionTrades.GetProperty("stale").GetBoolean());
        Assert.True(DataType(options, "book_delta").GetProperty("last_message_age_seconds").GetDouble() < FormerTradeStaleAfter.TotalSeconds);
        Assert.True(DataType(options, "mark_price").GetProperty("last_message_age_seconds").GetDouble() < FormerTradeStaleAfter.TotalSeconds);
        Assert.True(DataType(Market(report, "perpetual"), "trade").GetProperty("last_message_age_seconds").GetDouble() < FormerTradeStaleAfter.TotalSeconds);
        var connection = options.GetProperty("connections").EnumerateArray().Single();
        Assert.Equal(30, connection.GetProperty("dead_after_seconds").GetDouble());
        Assert.True(connection.GetProperty("last_frame_age_seconds").GetDouble() < 30);
        Assert.True(answers > 10, $"{answers} answers");

        // The venue drops every connection and refuses new ones: both connections are dead, and named.
        await run.Simulator.PostAsync($"sim/faults/refuse?venue={DeribitConfigFile.Venue}&seconds=10");
        await run.Simulator.DisconnectAsync(DeribitConfigFile.Venue, "reset");
        var unhealthy = await http.WaitForStatusAsync("health", 503, TimeSpan.FromSeconds(15));
        Assert.Equal("unhealthy", unhealthy.GetProperty("status").GetString());
        var reasons = unhealthy.GetProperty("reasons").EnumerateArray().Select(reason => reason.GetString()!).ToList();
        Assert.Contains(reasons, reason => reason.StartsWith("connection deribit-option-1 (deribit option) has been reconnecting for", StringComparison.Ordinal));
        Assert.Equal("unhealthy", Market(unhealthy, "option").GetProperty("status").GetString());

        // Once the venue takes connections again, health is back.
        await http.WaitForStatusAsync("health", 200, TimeSpan.FromSeconds(45));
        Assert.Equal(0, await run.StopCollectorAsync());
    }

    private static JsonElement Market(JsonElement report, string marketType) =>
        report.GetProperty("markets").EnumerateArray().Single(market => market.GetProperty("market_type").GetString() == marketType);

    private static JsonElement DataType(JsonElement market, string dataType) =>
        market.GetProperty("data_types").EnumerateArray().Single(type => type.GetProperty("data_type").GetString() == dataType);

    /// <summary>How long a connection has been up, by the report's own clock.</summary>
    private static TimeSpan UpFor(JsonElement report, string marketType, string connectionId)
    {
        var connection = Market(report, marketType).GetProperty("connections").EnumerateArray().Single(each => each.GetProperty("id").GetString() == connectionId);
        Assert.Equal("up", connection.GetProperty("state").GetString());
        return report.GetProperty("checked_at").GetDateTimeOffset() - connection.GetProperty("since").GetDateTimeOffset();
    }

    /// <summary>Frames the simulated Deribit generated on <paramref name="channel"/> channels of <paramref name="instruments"/>.</summary>
    private static long Frames(VenueStatus venue, string channel, IEnumerable<string> instruments) =>
        instruments.Sum(instrument => venue.Streams.Where(stream => stream.Key.StartsWith($"{channel}{instrument}.", StringComparison.Ordinal)).Sum(stream => stream.Value));
}
