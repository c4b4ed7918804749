namespace MarketPrism.Core.Model;

/// <summary>
/// Side of an order. For trades it is the taker (aggressor) side; for liquidations it is the side of the
/// liquidation order (<see cref="Sell"/> means a long position was liquidated).
/// </summary>
public enum Side : byte
{
    Buy,
    Sell,
}
