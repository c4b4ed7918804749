namespace MarketPrism.Core.Model;

/// <summary>Mark (and index) price of a derivative (<c>mark_price</c>).</summary>
public sealed class MarkPriceRecord : MarketRecord
{
    public override DataType DataType => DataType.MarkPrice;

    public required decimal MarkPrice { get; init; }

    public decimal? IndexPrice { get; init; }
}
