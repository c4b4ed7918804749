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
}
