using System.Buffers;
using System.Text.Json;
using MarketPrism.Core.Model;
using MarketPrism.Core.Recordings;
using MarketPrism.Simulator.Engine;
using Microsoft.Extensions.Logging;

namespace MarketPrism.Simulator.Binance;

/// <summary>
/// Builds a Binance market's session from a folder of cryptofeed captures (<c>*.ws.*</c> frames and
/// <c>*.http.*</c> REST snapshots) whose addresses belong to the market:
/// <list type="bullet">
/// <item>each symbol's truth starts from its recorded REST snapshot; depth diffs recorded before the first diff
/// that bridges it are not replayed (spot: <c>U &lt;= lastUpdateId+1 &lt;= u</c>; USD-M: <c>U &lt;= lastUpdateId &lt;= u</c>);</item>
/// <item>a <c>&lt;symbol&gt;@trade</c> frame is derived from each aggregate trade when the capture has no raw trades
/// (one trade per aggregate trade, <c>t</c> a running id from the first aggregate trade's <c>f</c>);</item>
/// <item>USD-M gets synthetic <c>markPrice@1s</c> (every second; every third second also <c>markPrice</c>) and
/// <c>forceOrder</c> (every 10 s per symbol, alternating sides) events, rendered from the truth when generated.</item>
/// </list>
/// Several capture files are merged by their offset from their own first frame.
/// </summary>
internal static partial class BinanceSessionLoader
{
    /// <summary>Gap between the last event of a pass and the first of the next.</summary>
    public static readonly TimeSpan PassGap = TimeSpan.FromMilliseconds(100);

    private static readonly TimeSpan MarkPriceInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LiquidationInterval = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan FirstLiquidation = TimeSpan.FromSeconds(5);

    /// <summary>Loads the market's session, or returns null when the folder holds no capture of the market.</summary>
    /// <param name="syntheticCopies">Renamed copies of every recorded symbol to serve as well (see <see cref="SyntheticSymbols"/>).</param>
    public static BinanceSessionData? Load(BinanceMarket market, string directory, StreamRegistry streams, ILogger logger, int syntheticCopies = 0)
    {
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"Recordings directory '{Path.GetFullPath(directory)}' does not exist.");
        }

        var files = Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(f).Contains(".ws.", StringComparison.Ordinal) || Path.GetFileName(f).Contains(".http.", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();

        var frames = new List<RecordedFrame>();
        var snapshots = new Dictionary<string, Snapshot>(StringComparer.Ordinal);
        var wsFiles = 0;
        var skipped = 0;
        foreach (var file in files)
        {
            if (Path.GetFileName(file).Contains(".ws.", StringComparison.Ordinal))
            {
                if (ReadStreamCapture(market, file, frames, ref skipped, logger))
                {
                    wsFiles++;
                }
            }
            else
            {
                ReadSnapshots(market, file, snapshots, logger);
            }
        }

        if (frames.Count == 0 && snapshots.Count == 0)
        {
            return null;
        }

        if (syntheticCopies > 0)
        {
            AddSyntheticCopies(frames, snapshots, syntheticCopies);
        }

        // Stable order by offset: files merge by their offset, frames of one file keep their recorded order.
        frames.Sort(static (a, b) => a.Offset != b.Offset ? a.Offset.CompareTo(b.Offset) : a.Sequence.CompareTo(b.Sequence));
        var data = Build(market, frames, snapshots, streams, logger);
        LogLoaded(logger, market.VenueName, data.Events.Length, data.Symbols.Count, wsFiles, snapshots.Count, skipped, data.LoopSpan.TotalSeconds);
        return data;
    }

    private static bool ReadStreamCapture(BinanceMarket market, string file, List<RecordedFrame> frames, ref int skipped, ILogger logger)
    {
        string? defaultStream = null;
        var owned = false;
        double? origin = null;
        foreach (var entry in CaptureReader.ReadFile(file))
        {
            if (entry.Kind == CaptureEntryKind.Connect)
            {
                if (!Uri.TryCreate(entry.Url, UriKind.Absolute, out var url) || !market.OwnsStreamUrl(url))
                {
                    return false;
                }

                owned = true;
                defaultStream = SingleRawStream(url);
                continue;
            }

            if (!owned || entry.Kind != CaptureEntryKind.Received || entry.UnixSeconds is not { } received)
            {
                continue;
            }

            origin ??= received;
            if (!BinanceFrameScanner.TryScan(entry.Payload, out var scanned, out var error))
            {
                skipped++;
                LogSkippedFrame(logger, market.VenueName, file, entry.LineNumber, error ?? "unreadable");
                continue;
            }

            var combined = entry.Payload;
            if (scanned.Stream is null)
            {
                if (scanned.EventType is null && scanned.Symbol is null)
                {
                    continue; // A reply such as {"result":null,"id":1}: not a stream frame.
                }

                var stream = defaultStream ?? InferStreamName(scanned);
                if (stream is null)
                {
                    skipped++;
                    LogSkippedFrame(logger, market.VenueName, file, entry.LineNumber, "raw frame of an unknown stream");
                    continue;
                }

                var (wrapped, _) = CombinedFrame.Wrap(stream, entry.Payload.Span[scanned.DataStart..(scanned.DataStart + scanned.DataLength)]);
                combined = wrapped;
                BinanceFrameScanner.TryScan(combined, out scanned, out _);
            }

            frames.Add(new RecordedFrame(
                TimeSpan.FromSeconds(received - origin.Value),
                frames.Count,
                (long)Math.Round(origin.Value * 1000),
                combined,
                scanned));
        }

        return owned;
    }

    /// <summary>
    /// Adds <paramref name="copies"/> renamed copies of every recorded frame and snapshot. A copy plays at its
    /// original's offset, so every symbol's stream keeps the recorded pace and the copies interleave.
    /// </summary>
    private static void AddSyntheticCopies(List<RecordedFrame> frames, Dictionary<string, Snapshot> snapshots, int copies)
    {
        var recordedFrames = frames.Count;
        for (var i = 0; i < recordedFrames; i++)
        {
            var frame = frames[i];
            if (frame.Scanned.Symbol is not { } symbol)
            {
                continue;
            }

            for (var copy = 1; copy <= copies; copy++)
            {
                var renamed = SyntheticSymbols.Rename(frame.Combined.Span, symbol, SyntheticSymbols.NameOf(symbol, copy));
                if (BinanceFrameScanner.TryScan(renamed, out var scanned, out _))
                {
                    frames.Add(frame with { Sequence = frames.Count, Combined = renamed, Scanned = scanned });
                }
            }
        }

        foreach (var (symbol, snapshot) in snapshots.ToList())
        {
            for (var copy = 1; copy <= copies; copy++)
            {
                snapshots[SyntheticSymbols.NameOf(symbol, copy)] = snapshot;
            }
        }
    }

    private static void ReadSnapshots(BinanceMarket market, string file, Dictionary<string, Snapshot> snapshots, ILogger logger)
    {
        foreach (var entry in CaptureReader.ReadFile(file))
        {
            if (entry.Kind != CaptureEntryKind.HttpResponse
                || !Uri.TryCreate(entry.Url, UriKind.Absolute, out var url)
                || !market.OwnsDepthUrl(url)
                || QueryValue(url, "symbol") is not { } symbol
                || snapshots.ContainsKey(symbol))
            {
                continue;
            }

            if (!BinanceFrameScanner.TryScanSnapshot(entry.Payload, out var lastUpdateId, out var bids, out var asks, out var error))
            {
                LogSkippedFrame(logger, market.VenueName, file, entry.LineNumber, error ?? "unreadable snapshot");
                continue;
            }

            snapshots[symbol] = new Snapshot(lastUpdateId, bids, asks);
        }
    }

    private static BinanceSessionData Build(
        BinanceMarket market,
        List<RecordedFrame> frames,
        Dictionary<string, Snapshot> snapshots,
        StreamRegistry streams,
        ILogger logger)
    {
        var symbols = new SortedDictionary<string, BinanceSymbol>(StringComparer.Ordinal);
        BinanceSymbol GetSymbol(string name)
        {
            if (!symbols.TryGetValue(name, out var symbol))
            {
                symbol = new BinanceSymbol(name);
                symbols[name] = symbol;
            }

            return symbol;
        }

        // Pass 1: classify; collect each symbol's diffs (on its first depth stream) and its trade kinds.
        var kinds = new BinanceEventKind[frames.Count];
        var diffs = new Dictionary<BinanceSymbol, List<int>>();
        var hasRawTrades = new HashSet<BinanceSymbol>();
        for (var i = 0; i < frames.Count; i++)
        {
            var scanned = frames[i].Scanned;
            kinds[i] = Classify(scanned);
            if (scanned.Symbol is not { } name)
            {
                kinds[i] = BinanceEventKind.Other;
                continue;
            }

            var symbol = GetSymbol(name);
            switch (kinds[i])
            {
                case BinanceEventKind.DepthDiff:
                    var channel = streams.GetOrAdd(scanned.Stream!);
                    symbol.DepthChannel ??= channel;
                    if (symbol.DepthChannel != channel)
                    {
                        LogSecondDepthStream(logger, market.VenueName, scanned.Stream!, symbol.DepthChannel.Name);
                        kinds[i] = BinanceEventKind.Other;
                        continue;
                    }

                    if (!diffs.TryGetValue(symbol, out var list))
                    {
                        diffs[symbol] = list = [];
                    }

                    list.Add(i);
                    break;
                case BinanceEventKind.Trade:
                    hasRawTrades.Add(symbol);
                    break;
            }
        }

        foreach (var (name, snapshot) in snapshots)
        {
            var symbol = GetSymbol(name);
            symbol.InitialBook = BookOf(snapshot.Bids, snapshot.Asks, snapshot.LastUpdateId);
            symbol.OpenInterest = TotalQuantity(snapshot);
        }

        // Pass 2: where each symbol's replay of diffs starts; earlier diffs are not replayed.
        var notReplayed = new bool[frames.Count];
        foreach (var (symbol, list) in diffs)
        {
            var bridge = FindBridge(market, symbol, list, frames, logger);
            for (var k = 0; k < bridge; k++)
            {
                notReplayed[list[k]] = true;
            }
        }

        foreach (var symbol in symbols.Values)
        {
            if (symbol.InitialBook is not null)
            {
                symbol.Truth = symbol.InitialBook.Clone();
            }
        }

        // Pass 3: events in recorded order.
        var events = new List<BinanceEvent>(frames.Count * 2);
        var derivedTradeIdsStarted = new HashSet<BinanceSymbol>();
        for (var i = 0; i < frames.Count; i++)
        {
            var frame = frames[i];
            var scanned = frame.Scanned;
            var channel = streams.GetOrAdd(scanned.Stream!);
            var symbol = scanned.Symbol is { } name ? symbols[name] : null;
            var kind = kinds[i];
            var eventTime = scanned.TryGetNumber("E", out var e) ? e : 0;
            switch (kind)
            {
                case BinanceEventKind.DepthDiff:
                    if (symbol is null || notReplayed[i])
                    {
                        continue;
                    }

                    scanned.TryGetNumber("U", out var first);
                    scanned.TryGetNumber("u", out var final);
                    symbol.MinReplayedUpdateId = Math.Min(symbol.MinReplayedUpdateId ?? long.MaxValue, first);
                    events.Add(new BinanceEvent
                    {
                        Offset = frame.Offset,
                        OriginMs = frame.OriginMs,
                        Kind = kind,
                        Channel = channel,
                        Symbol = symbol,
                        Template = BuildTemplate(frame.Combined, scanned, kind),
                        FinalUpdateId = final,
                        EventTime = eventTime,
                        TransactionTime = scanned.TryGetNumber("T", out var t) ? t : eventTime,
                        Bids = [.. scanned.Bids ?? []],
                        Asks = [.. scanned.Asks ?? []],
                    });
                    break;
                case BinanceEventKind.BookTicker:
                    scanned.TryGetNumber("u", out var tickerId);
                    var firstPassOnly = symbol?.Truth is { } truth && tickerId <= truth.LastUpdateId;
                    if (!firstPassOnly && symbol is not null)
                    {
                        symbol.MinReplayedUpdateId = Math.Min(symbol.MinReplayedUpdateId ?? long.MaxValue, tickerId);
                    }

                    events.Add(NewEvent(frame, kind, channel, symbol, scanned, eventTime, firstPassOnly, finalUpdateId: tickerId));
                    break;
                case BinanceEventKind.AggregateTrade:
                    scanned.TryGetNumber("a", out var aggregateId);
                    scanned.TryGetNumber("f", out var firstTrade);
                    scanned.TryGetNumber("l", out var lastTrade);
                    events.Add(NewEvent(frame, kind, channel, symbol, scanned, eventTime, false, aggregateId));
                    if (symbol is null)
                    {
                        break;
                    }

                    symbol.MinAggregateId = Math.Min(symbol.MinAggregateId, aggregateId);
                    symbol.MaxAggregateId = Math.Max(symbol.MaxAggregateId, aggregateId);
                    symbol.MinTradeId = Math.Min(symbol.MinTradeId, firstTrade);
                    symbol.MaxTradeId = Math.Max(symbol.MaxTradeId, lastTrade);
                    if (!hasRawTrades.Contains(symbol))
                    {
                        if (derivedTradeIdsStarted.Add(symbol))
                        {
                            symbol.FirstDerivedTradeId = firstTrade;
                        }

                        var tradeChannel = streams.GetOrAdd(symbol.Name.ToLowerInvariant() + "@trade");
                        tradeChannel.HasSource = true;
                        events.Add(new BinanceEvent
                        {
                            Offset = frame.Offset,
                            OriginMs = frame.OriginMs,
                            Kind = BinanceEventKind.DerivedTrade,
                            Channel = tradeChannel,
                            Symbol = symbol,
                            Template = DeriveTrade(market, tradeChannel.Name, scanned),
                            EventTime = eventTime,
                        });
                    }

                    break;
                case BinanceEventKind.Trade:
                    scanned.TryGetNumber("t", out var tradeId);
                    if (symbol is not null)
                    {
                        symbol.MinTradeId = Math.Min(symbol.MinTradeId, tradeId);
                        symbol.MaxTradeId = Math.Max(symbol.MaxTradeId, tradeId);
                    }

                    events.Add(NewEvent(frame, kind, channel, symbol, scanned, eventTime, false, tradeId));
                    break;
                default:
                    events.Add(NewEvent(frame, kind, channel, symbol, scanned, eventTime, false));
                    break;
            }

            channel.HasSource = true;
        }

        var lastOffset = events.Count > 0 ? events[^1].Offset : TimeSpan.Zero;
        if (market.IsFutures)
        {
            AddSyntheticEvents(symbols, streams, events, lastOffset, frames.Count > 0 ? frames[0].OriginMs : 0);
        }

        var ordered = events
            .Select((ev, index) => (ev, index))
            .OrderBy(x => x.ev.Offset)
            .ThenBy(x => x.index)
            .Select(x => x.ev)
            .ToArray();

        return new BinanceSessionData
        {
            Events = ordered,
            Symbols = symbols,
            LoopSpan = TimeSpan.FromMilliseconds(Math.Ceiling(lastOffset.TotalMilliseconds)) + PassGap,
        };
    }

    /// <summary>
    /// Returns the index (into the symbol's diffs) of the first diff to replay, and sets the symbol's starting
    /// truth: the snapshot when a diff bridges it; otherwise (no snapshot, or a snapshot no diff bridges) a
    /// rebased start, with a warning, so the replay stays self-consistent.
    /// </summary>
    private static int FindBridge(BinanceMarket market, BinanceSymbol symbol, List<int> diffIndexes, List<RecordedFrame> frames, ILogger logger)
    {
        static (long First, long Final) Ids(RecordedFrame frame)
        {
            frame.Scanned.TryGetNumber("U", out var first);
            frame.Scanned.TryGetNumber("u", out var final);
            return (first, final);
        }

        if (symbol.InitialBook is not { } snapshot)
        {
            var (first, _) = Ids(frames[diffIndexes[0]]);
            symbol.InitialBook = new TruthBook { LastUpdateId = first - 1 };
            LogNoSnapshot(logger, market.VenueName, symbol.Name, first - 1);
            return 0;
        }

        // Spot: the first diff to apply has u >= lastUpdateId+1; USD-M: u >= lastUpdateId.
        var lastUpdateId = snapshot.LastUpdateId;
        var needed = market.IsFutures ? lastUpdateId : lastUpdateId + 1;
        for (var k = 0; k < diffIndexes.Count; k++)
        {
            var (first, final) = Ids(frames[diffIndexes[k]]);
            if (final < needed)
            {
                continue;
            }

            if (first > needed)
            {
                var rebased = market.IsFutures ? first : first - 1;
                LogSnapshotNotBridged(logger, market.VenueName, symbol.Name, lastUpdateId, first, final, rebased);
                snapshot.LastUpdateId = rebased;
            }

            return k;
        }

        return diffIndexes.Count; // Every diff precedes the snapshot: the book stays as recorded.
    }

    private static void AddSyntheticEvents(
        SortedDictionary<string, BinanceSymbol> symbols,
        StreamRegistry streams,
        List<BinanceEvent> events,
        TimeSpan lastOffset,
        long originMs)
    {
        var index = 0;
        foreach (var symbol in symbols.Values)
        {
            if (symbol.Truth is null)
            {
                continue;
            }

            var lower = symbol.Name.ToLowerInvariant();
            var markFast = streams.GetOrAdd(lower + "@markPrice@1s");
            var markSlow = streams.GetOrAdd(lower + "@markPrice");
            var liquidations = streams.GetOrAdd(lower + "@forceOrder");
            var allLiquidations = streams.GetOrAdd("!forceOrder@arr");
            markFast.HasSource = markSlow.HasSource = liquidations.HasSource = allLiquidations.HasSource = true;

            var second = 1;
            for (var offset = MarkPriceInterval; offset <= lastOffset; offset += MarkPriceInterval, second++)
            {
                events.Add(new BinanceEvent
                {
                    Offset = offset,
                    OriginMs = originMs,
                    Kind = BinanceEventKind.MarkPrice,
                    Channel = markFast,
                    SecondaryChannel = second % 3 == 0 ? markSlow : null,
                    Symbol = symbol,
                    EventTime = originMs + (long)offset.TotalMilliseconds,
                });
            }

            // Staggered per symbol so liquidations of different symbols do not share a millisecond.
            for (var offset = FirstLiquidation + TimeSpan.FromMilliseconds(100 * index); offset <= lastOffset; offset += LiquidationInterval)
            {
                events.Add(new BinanceEvent
                {
                    Offset = offset,
                    OriginMs = originMs,
                    Kind = BinanceEventKind.Liquidation,
                    Channel = liquidations,
                    SecondaryChannel = allLiquidations,
                    Symbol = symbol,
                    EventTime = originMs + (long)offset.TotalMilliseconds,
                });
            }

            index++;
        }
    }

    private static BinanceEvent NewEvent(
        RecordedFrame frame,
        BinanceEventKind kind,
        StreamChannel channel,
        BinanceSymbol? symbol,
        ScannedFrame scanned,
        long eventTime,
        bool firstPassOnly,
        long tradeKey = 0,
        long finalUpdateId = 0) => new()
        {
            Offset = frame.Offset,
            OriginMs = frame.OriginMs,
            Kind = kind,
            Channel = channel,
            Symbol = symbol,
            Template = BuildTemplate(frame.Combined, scanned, kind),
            FirstPassOnly = firstPassOnly,
            EventTime = eventTime,
            TradeKey = tradeKey,
            FinalUpdateId = finalUpdateId,
        };

    internal static BinanceEventKind Classify(ScannedFrame frame) => frame.EventType switch
    {
        "depthUpdate" when frame.Numbers.ContainsKey("U") && frame.Numbers.ContainsKey("u") => BinanceEventKind.DepthDiff,
        "aggTrade" when frame.Numbers.ContainsKey("a") => BinanceEventKind.AggregateTrade,
        "trade" when frame.Numbers.ContainsKey("t") => BinanceEventKind.Trade,
        "kline" => BinanceEventKind.Candle,
        "bookTicker" when frame.Numbers.ContainsKey("u") => BinanceEventKind.BookTicker,
        null when frame.Numbers.ContainsKey("u") && frame.Strings.ContainsKey("b") && frame.Strings.ContainsKey("a") => BinanceEventKind.BookTicker,
        _ => BinanceEventKind.Other,
    };

    internal static FrameTemplate BuildTemplate(ReadOnlyMemory<byte> combined, ScannedFrame scanned, BinanceEventKind kind)
    {
        var patches = new List<FramePatch>();
        void Add(string name, PatchKind patchKind)
        {
            if (scanned.Numbers.TryGetValue(name, out var field))
            {
                patches.Add(new FramePatch(field.Start, field.Length, patchKind, field.Value));
            }
        }

        Add("E", PatchKind.Time);
        switch (kind)
        {
            case BinanceEventKind.DepthDiff:
                Add("T", PatchKind.Time);
                Add("U", PatchKind.UpdateId);
                Add("u", PatchKind.UpdateId);
                Add("pu", PatchKind.PreviousUpdateId);
                break;
            case BinanceEventKind.BookTicker:
                Add("T", PatchKind.Time);
                Add("u", PatchKind.UpdateId);
                break;
            case BinanceEventKind.AggregateTrade:
                Add("T", PatchKind.Time);
                Add("a", PatchKind.AggregateId);
                Add("f", PatchKind.TradeId);
                Add("l", PatchKind.TradeId);
                break;
            case BinanceEventKind.Trade:
                Add("T", PatchKind.Time);
                Add("t", PatchKind.TradeId);
                break;
            case BinanceEventKind.DerivedTrade:
                Add("T", PatchKind.Time);
                Add("t", PatchKind.AssignedTradeId);
                break;
            case BinanceEventKind.Candle:
                Add("k.t", PatchKind.CandleOpenTime);
                Add("k.T", PatchKind.CandleCloseTime);
                Add("k.f", PatchKind.TradeId);
                Add("k.L", PatchKind.TradeId);
                break;
            default:
                if (scanned.EventType == "forceOrder")
                {
                    Add("o.T", PatchKind.Time);
                }

                break;
        }

        patches.Sort(static (a, b) => a.Start.CompareTo(b.Start));
        var interval = kind == BinanceEventKind.Candle ? CandleIntervalMs(scanned.Strings.GetValueOrDefault("k.i")) : 0;
        var eventTime = scanned.TryGetNumber("E", out var e) ? e : 0;
        return new FrameTemplate(combined, scanned.DataStart, scanned.DataLength, [.. patches], eventTime, interval);
    }

    /// <summary>
    /// A trade frame derived from an aggregate trade, in the market's trade shape: spot
    /// <c>{"e","E","s","t","p","q","T","m","M"}</c>, USD-M <c>{"e","E","T","s","t","p","q","X","m"}</c>.
    /// </summary>
    private static FrameTemplate DeriveTrade(BinanceMarket market, string stream, ScannedFrame aggregate)
    {
        var data = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(data, WireJson.Options))
        {
            aggregate.TryGetNumber("E", out var eventTime);
            var tradeTime = aggregate.TryGetNumber("T", out var t) ? t : eventTime;
            writer.WriteStartObject();
            writer.WriteString("e", "trade");
            writer.WriteNumber("E", eventTime);
            if (market.IsFutures)
            {
                writer.WriteNumber("T", tradeTime);
            }

            writer.WriteString("s", aggregate.Symbol);
            writer.WriteNumber("t", 0);
            writer.WriteString("p", aggregate.Strings.GetValueOrDefault("p", "0"));
            writer.WriteString("q", aggregate.Strings.GetValueOrDefault("q", "0"));
            if (market.IsFutures)
            {
                writer.WriteString("X", "MARKET");
            }
            else
            {
                writer.WriteNumber("T", tradeTime);
            }

            writer.WriteBoolean("m", aggregate.Booleans.GetValueOrDefault("m"));
            if (!market.IsFutures)
            {
                writer.WriteBoolean("M", true);
            }

            writer.WriteEndObject();
        }

        var (combined, _) = CombinedFrame.Wrap(stream, data.WrittenSpan);
        BinanceFrameScanner.TryScan(combined, out var scanned, out _);
        return BuildTemplate(combined, scanned, BinanceEventKind.DerivedTrade);
    }

    private static long CandleIntervalMs(string? interval)
    {
        if (string.IsNullOrEmpty(interval) || !int.TryParse(interval.AsSpan(0, interval.Length - 1), out var count) || count <= 0)
        {
            return 0;
        }

        return interval[^1] switch
        {
            's' => count * 1_000L,
            'm' => count * 60_000L,
            'h' => count * 3_600_000L,
            'd' => count * 86_400_000L,
            'w' => count * 604_800_000L,
            _ => 0, // Months have no fixed length: such candles keep their recorded window, shifted.
        };
    }

    private static string? InferStreamName(ScannedFrame frame)
    {
        if (frame.Symbol is not { } symbol)
        {
            return null;
        }

        var lower = symbol.ToLowerInvariant();
        return Classify(frame) switch
        {
            BinanceEventKind.DepthDiff => lower + "@depth",
            BinanceEventKind.AggregateTrade => lower + "@aggTrade",
            BinanceEventKind.Trade => lower + "@trade",
            BinanceEventKind.BookTicker => lower + "@bookTicker",
            BinanceEventKind.Candle when frame.Strings.GetValueOrDefault("k.i") is { } interval => lower + "@kline_" + interval,
            _ => frame.EventType switch
            {
                "markPriceUpdate" => lower + "@markPrice",
                "forceOrder" => lower + "@forceOrder",
                _ => null,
            },
        };
    }

    /// <summary>The stream of a raw-stream capture address <c>/ws/&lt;stream&gt;</c>, when it names exactly one.</summary>
    private static string? SingleRawStream(Uri url)
    {
        var path = url.AbsolutePath;
        var index = path.IndexOf("/ws/", StringComparison.Ordinal);
        if (index < 0)
        {
            return null;
        }

        var streams = path[(index + 4)..];
        return streams.Length > 0 && !streams.Contains('/', StringComparison.Ordinal) ? streams : null;
    }

    private static string? QueryValue(Uri url, string name)
    {
        foreach (var pair in url.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0 && pair.AsSpan(0, equals).SequenceEqual(name))
            {
                return Uri.UnescapeDataString(pair[(equals + 1)..]);
            }
        }

        return null;
    }

    private static TruthBook BookOf(List<BookLevel> bids, List<BookLevel> asks, long lastUpdateId)
    {
        var book = new TruthBook { LastUpdateId = lastUpdateId };
        foreach (var level in bids)
        {
            book.Set(Side.Buy, level.Price, level.Size);
        }

        foreach (var level in asks)
        {
            book.Set(Side.Sell, level.Price, level.Size);
        }

        return book;
    }

    private static decimal TotalQuantity(Snapshot snapshot)
    {
        var total = 0m;
        foreach (var level in snapshot.Bids)
        {
            total += level.Size;
        }

        foreach (var level in snapshot.Asks)
        {
            total += level.Size;
        }

        return total;
    }

    private sealed record Snapshot(long LastUpdateId, List<BookLevel> Bids, List<BookLevel> Asks);

    private sealed record RecordedFrame(TimeSpan Offset, int Sequence, long OriginMs, ReadOnlyMemory<byte> Combined, ScannedFrame Scanned);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Venue}: loaded {Events} events for {Symbols} symbols from {StreamFiles} stream capture(s) and {Snapshots} snapshot(s); {Skipped} frame(s) skipped; one pass lasts {PassSeconds:0.###} s")]
    private static partial void LogLoaded(ILogger logger, string venue, int events, int symbols, int streamFiles, int snapshots, int skipped, double passSeconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Venue}: {File} line {Line} skipped: {Reason}")]
    private static partial void LogSkippedFrame(ILogger logger, string venue, string file, int line, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Venue}: {Stream} is a second depth stream of its symbol; only {Primary} drives the truth, so {Stream} is replayed without touching it")]
    private static partial void LogSecondDepthStream(ILogger logger, string venue, string stream, string primary);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Venue}: no REST snapshot recorded for {Symbol}; its truth starts empty at update id {UpdateId}")]
    private static partial void LogNoSnapshot(ILogger logger, string venue, string symbol, long updateId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Venue}: no recorded diff of {Symbol} bridges its snapshot (lastUpdateId {LastUpdateId}; next diff {First}..{Final}); the truth is rebased to update id {Rebased}")]
    private static partial void LogSnapshotNotBridged(ILogger logger, string venue, string symbol, long lastUpdateId, long first, long final, long rebased);
}
