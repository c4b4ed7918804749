namespace MarketPrism.Core.Model;

/// <summary>A forced liquidation order (<c>liquidation</c>).</summary>
public sealed class LiquidationRecord : MarketRecord
{
    public override DataType DataType => DataType.Liquidation;

    public RecordId? LiquidationId { get; init; }

    /// <summary>Side of the liquidation order: <see cref="Side.Sell"/> means a long position was liquidated.</summary>
    public required Side Side { get; init; }

    public required decimal Price { get; init; }

    public required decimal Quantity { get; init; }

    public decimal? Leverage { get; init; }

    /// <summary>The venue's product family; defaults to the instrument's.</summary>
    public InstrumentType InstrumentType
    {
        get => _instrumentType ?? Instrument.InstrumentType;
        init => _instrumentType = value;
    }

    private readonly InstrumentType? _instrumentType;
}
