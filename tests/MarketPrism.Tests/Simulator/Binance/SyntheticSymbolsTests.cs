using System.Text;
using MarketPrism.Simulator.Binance;

namespace MarketPrism.Tests.Simulator.Binance;

public class SyntheticSymbolsTests
{
    [Fact]
    public void A_copy_renames_the_stream_and_every_symbol_value_and_nothing_else()
    {
        var frame = """{"stream":"ctkusdt@forceOrder","data":{"e":"forceOrder","E":1,"o":{"s":"CTKUSDT","S":"SELL","p":"1.0110","ap":"1.0120","z":"10","T":2}}}"""u8;

        var renamed = Encoding.UTF8.GetString(SyntheticSymbols.Rename(frame, "CTKUSDT", SyntheticSymbols.NameOf("CTKUSDT", 7)));

        Assert.Equal("""{"stream":"x7ctkusdt@forceOrder","data":{"e":"forceOrder","E":1,"o":{"s":"X7CTKUSDT","S":"SELL","p":"1.0110","ap":"1.0120","z":"10","T":2}}}""", renamed);
    }

    [Fact]
    public async Task The_simulator_serves_each_copy_with_its_own_book_starting_from_the_recorded_snapshot()
    {
        await using var simulator = await SimulatorHarness.StartAsync(options => options.SyntheticCopies = 2);

        var recorded = simulator.GetTrueBook(SimulatorHarness.Futures, "CTKUSDT", depth: 50);
        var copy = simulator.GetTrueBook(SimulatorHarness.Futures, "X2CTKUSDT", depth: 50);

        Assert.NotEmpty(recorded.Bids);
        Assert.Equal(recorded.LastUpdateId, copy.LastUpdateId);
        Assert.Equal(recorded.Bids, copy.Bids);
        Assert.Equal(recorded.Asks, copy.Asks);
        Assert.Throws<KeyNotFoundException>(() => simulator.GetTrueBook(SimulatorHarness.Futures, "X3CTKUSDT", depth: 50));
    }
}
