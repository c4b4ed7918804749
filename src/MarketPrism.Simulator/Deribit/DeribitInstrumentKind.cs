namespace MarketPrism.Simulator.Deribit;

/// <summary>Where a simulated instrument's data comes from.</summary>
internal enum DeribitInstrumentKind : byte
{
    /// <summary>An option of the recorded session: book and ticker replayed from the capture.</summary>
    RecordedOption,

    /// <summary>A perpetual the capture lacks, synthesized around the recorded index (book, quote, ticker, trades).</summary>
    SyntheticPerpetual,
}
