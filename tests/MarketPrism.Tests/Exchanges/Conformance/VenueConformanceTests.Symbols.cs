using MarketPrism.Core.Model;

namespace MarketPrism.Tests.Exchanges.Conformance;

/// <summary>Rule 4: symbols round-trip normalized -> exchange -> normalized on every market.</summary>
public abstract partial class VenueConformanceTests
{
    [Fact]
    public void Sample_symbols_round_trip_normalized_to_exchange_to_normalized_on_every_market()
    {
        foreach (var venue in Venues)
        {
            var samples = SampleSymbols[venue.MarketType];
            Assert.NotEmpty(samples);
            var table = venue.CreateInstrumentTable([]);
            foreach (var sample in samples)
            {
                var what = $"{Exchange} {venue.MarketType.ToWireName()} '{sample}'";
                var instrument = venue.CreateInstrument(sample);
                Assert.Equal((Exchange, venue.MarketType), (instrument.Exchange, instrument.MarketType));
                Assert.True(instrument.Symbol == $"{instrument.BaseAsset}-{instrument.QuoteAsset}", $"{what}: normalized symbol {instrument.Symbol}");

                // Exchange -> normalized: a frame naming the exchange symbol resolves to the same instrument.
                Assert.True(table.TryGet(instrument.ExchangeSymbol, out var resolved), $"{what}: {instrument.ExchangeSymbol} does not resolve");
                Assert.Equal(
                    (instrument.Symbol, instrument.ExchangeSymbol, instrument.MarketType, instrument.Contract, instrument.InstrumentType),
                    (resolved.Symbol, resolved.ExchangeSymbol, resolved.MarketType, resolved.Contract, resolved.InstrumentType));

                // The exchange's own spelling configures the same instrument.
                var bySpelling = venue.CreateInstrument(instrument.ExchangeSymbol);
                Assert.Equal((instrument.Symbol, instrument.ExchangeSymbol), (bySpelling.Symbol, bySpelling.ExchangeSymbol));

                // A normalized sample maps back to itself.
                if (string.Equals(sample, instrument.Symbol, StringComparison.OrdinalIgnoreCase))
                {
                    Assert.Equal(instrument.ExchangeSymbol, venue.CreateInstrument(instrument.Symbol).ExchangeSymbol);
                }
            }
        }
    }
}
