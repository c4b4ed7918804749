using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;

namespace MarketPrism.Exchanges.Abstractions;

/// <summary>One subscribable stream, e.g. <c>btcusdt@depth@100ms</c>.</summary>
/// <param name="Name">The venue's stream name.</param>
/// <param name="Instrument">The instrument it carries.</param>
/// <param name="DataTypes">The record types it produces.</param>
/// <param name="ConnectionGroup">Streams of different groups go on different connections (venue endpoint splits).</param>
public sealed record StreamSubscription(string Name, Instrument Instrument, IReadOnlyList<DataType> DataTypes, string ConnectionGroup);
