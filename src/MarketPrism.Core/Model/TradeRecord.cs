namespace MarketPrism.Core.Model;

/// <summary>A public trade (<c>trade</c>).</summary>
public sealed class TradeRecord : MarketRecord
{
    public override DataType DataType => DataType.Trade;

    public required RecordId TradeId { get; init; }

    public required decimal Price { get; init; }

    public required decimal Quantity { get; init; }

    /// <summary>Taker side.</summary>
    public required Side Side { get; init; }

    /// <summary>
    /// The venue's per-instrument trade sequence number when its trade ids cannot be ordered (Deribit
    /// <c>trade_seq</c>: ETH trade ids are text such as <c>ETH-259727150</c>). Used, instead of the id, to suppress
    /// copies of a trade; not written to storage. Null when the trade id itself is the sequence.
    /// </summary>
    public long? Sequence { get; init; }

    /// <summary>
    /// The venue's reference to the transaction that executed the trade, shared by every fill of one taker order
    /// (Hyperliquid: the L1 transaction <c>hash</c>). Null where the venue publishes none, or publishes a placeholder
    /// (Hyperliquid's all-zero hash of a TWAP slice). Informational: it is not part of the record key.
    /// </summary>
    public string? TransactionHash { get; init; }
}
