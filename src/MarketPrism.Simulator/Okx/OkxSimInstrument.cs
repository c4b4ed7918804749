using MarketPrism.Core.Model;
using MarketPrism.Simulator.Engine;

namespace MarketPrism.Simulator.Okx;

/// <summary>
/// One instrument of the OKX session: its true book and the sequence ids generated for it, the trade ids handed
/// out, and the armed faults. Book state is touched only under the session's book gate.
/// </summary>
internal sealed class OkxSimInstrument(string instId, OkxInstType type, int index)
{
    public string InstId { get; } = instId;

    public OkxInstType Type { get; } = type;

    /// <summary>Position in the session, for deterministic synthetic values.</summary>
    public int Index { get; } = index;

    public bool IsDerivative => Type != OkxInstType.Spot;

    /// <summary>The recorded snapshot; null when the capture has no book for the instrument.</summary>
    public TruthBook? InitialBook { get; set; }

    public TruthBook? Truth { get; set; }

    /// <summary>seqId of the last book message generated (what a snapshot sent now carries).</summary>
    public long SeqId { get; set; }

    /// <summary>Book messages generated, for the deterministic seqId steps.</summary>
    public long Updates { get; set; }

    public StreamChannel? BooksChannel { get; set; }

    public StreamChannel? BboChannel { get; set; }

    /// <summary>The last best bid and ask sent on bbo-tbt, so it is only pushed on a change.</summary>
    public (BookLevel Bid, BookLevel Ask)? LastBbo { get; set; }

    public long LastBookTime { get; set; }

    /// <summary>Trade ids generated, for the truth query.</summary>
    public IdRangeSet TradeIds { get; } = new();

    public long MinTradeId { get; set; } = long.MaxValue;

    public long MaxTradeId { get; set; } = long.MinValue;

    public long TradeIdShift { get; set; }

    /// <summary>Open interest in contracts, fixed: the recorded snapshot's total size.</summary>
    public decimal OpenInterestContracts { get; set; }

    public Side NextLiquidationSide { get; set; } = Side.Sell;

    public Lock TradeGate { get; } = new();

    private int _gapArmed;
    private int _checksumArmed;

    public void ArmGap() => Volatile.Write(ref _gapArmed, 1);

    public bool ConsumeGap() => Interlocked.Exchange(ref _gapArmed, 0) == 1;

    public void ArmChecksumFault() => Volatile.Write(ref _checksumArmed, 1);

    public bool ConsumeChecksumFault() => Interlocked.Exchange(ref _checksumArmed, 0) == 1;
}
