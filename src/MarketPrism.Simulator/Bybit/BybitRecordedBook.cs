using MarketPrism.Core.Model;

namespace MarketPrism.Simulator.Bybit;

/// <summary>One recorded <c>orderbook.{depth}</c> message: the level changes, its ids and its times.</summary>
/// <param name="Offset">Time since the recording's snapshot.</param>
/// <param name="Bids">Bid levels as recorded (size 0 removes).</param>
/// <param name="Asks">Ask levels as recorded.</param>
/// <param name="UpdateId">The topic's <c>u</c>.</param>
/// <param name="Sequence">The cross sequence <c>seq</c>.</param>
/// <param name="Time">The envelope's <c>ts</c>, epoch milliseconds.</param>
/// <param name="MatchTime">The matching engine's <c>cts</c>, epoch milliseconds.</param>
internal sealed record BybitRecordedUpdate(TimeSpan Offset, BookLevel[] Bids, BookLevel[] Asks, long UpdateId, long Sequence, long Time, long MatchTime);

/// <summary>A recorded book session of one symbol: the snapshot it starts from and every delta after it.</summary>
/// <param name="Symbol">Exchange symbol, e.g. <c>XRPUSDT</c>.</param>
/// <param name="Depth">The recorded topic's depth (500 for <c>orderbook.500</c>).</param>
/// <param name="Snapshot">The first message, a full book.</param>
/// <param name="Deltas">Every later delta, in order.</param>
/// <param name="Source">The file it came from, for logs.</param>
internal sealed record BybitRecordedBook(string Symbol, int Depth, BybitRecordedUpdate Snapshot, IReadOnlyList<BybitRecordedUpdate> Deltas, string Source);
