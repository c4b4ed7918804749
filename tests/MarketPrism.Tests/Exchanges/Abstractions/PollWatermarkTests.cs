using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Abstractions;

namespace MarketPrism.Tests.Exchanges.Abstractions;

public sealed class PollWatermarkTests
{
    private static readonly Instrument Perp = new("okx", MarketType.Perpetual, "BTC", "USDT", "BTC-USDT-SWAP", ContractKind.Linear);

    private static LongShortRatioRecord Ratio(int minute, decimal value) => new()
    {
        Instrument = Perp,
        Timestamp = DateTime.UnixEpoch.AddMinutes(minute),
        LocalTimestamp = DateTime.UnixEpoch.AddMinutes(minute + 1),
        Kind = LongShortRatioKind.AllAccount,
        LongShortRatio = value,
        Period = "5m",
    };

    [Fact]
    public void Only_periods_newer_than_any_handed_on_pass_and_in_time_order()
    {
        var watermark = new PollWatermark();
        var output = new List<MarketRecord>();

        watermark.AddNewer([Ratio(10, 1.1m), Ratio(5, 1.0m)], output);
        watermark.AddNewer([Ratio(15, 1.2m), Ratio(10, 1.1m)], output);
        watermark.AddNewer([Ratio(15, 1.2m)], output);

        Assert.Equal([1.0m, 1.1m, 1.2m], output.Cast<LongShortRatioRecord>().Select(record => record.LongShortRatio));
    }
}
