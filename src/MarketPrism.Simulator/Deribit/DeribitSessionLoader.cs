using System.Text;
using System.Text.Json;
using MarketPrism.Core.Model;
using MarketPrism.Core.Recordings;
using MarketPrism.Simulator.Engine;
using Microsoft.Extensions.Logging;

namespace MarketPrism.Simulator.Deribit;

/// <summary>The Deribit session the timeline replays.</summary>
internal sealed record DeribitSessionData(
    DeribitEvent[] Events,
    SortedDictionary<string, DeribitInstrument> Instruments,
    SortedDictionary<string, StreamChannel> VolatilityChannels,
    TimeSpan LoopSpan,
    long OriginMs);

/// <summary>
/// Builds the Deribit session from the cryptofeed captures whose address is Deribit's (<c>*.ws.*</c> starting with
/// <c>wss://www.deribit.com/…</c>):
/// <list type="bullet">
/// <item>recorded books: each instrument's first snapshot is its starting truth; every later change is an event,
/// replayed with its levels and actions and renumbered so <c>prev_change_id</c> always names the previous generated
/// <c>change_id</c> (identical to the recording in the first pass);</item>
/// <item>recorded tickers are replayed as they are (time shifted), under the <c>100ms</c> channel name;</item>
/// <item>synthesized, because the capture has none: a <c>{CUR}-PERPETUAL</c> per currency of the recorded options
/// (book, quote, ticker and trades around the recorded index price), quotes of the recorded option books, and the
/// DVOL index of each currency (the mean <c>mark_iv</c> of its recorded options).</item>
/// </list>
/// </summary>
internal static partial class DeribitSessionLoader
{
    /// <summary>Gap between the last event of a pass and the first of the next.</summary>
    public static readonly TimeSpan PassGap = TimeSpan.FromMilliseconds(100);

    private static readonly TimeSpan TickInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan FirstTick = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan TradeInterval = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan FirstTrade = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan FirstVolatility = TimeSpan.FromMilliseconds(250);

    /// <summary>Loads the session, or returns null when the folder holds no Deribit capture.</summary>
    public static DeribitSessionData? Load(string directory, StreamRegistry streams, ILogger logger)
    {
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"Recordings directory '{Path.GetFullPath(directory)}' does not exist.");
        }

        var files = Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Where(file => Path.GetFileName(file).Contains(".ws.", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
        var recording = new Recording(streams);
        var captures = 0;
        foreach (var file in files)
        {
            if (recording.Read(file, logger))
            {
                captures++;
            }
        }

        if (captures == 0)
        {
            return null;
        }

        var data = recording.Build(streams);
        LogLoaded(logger, data.Events.Length, data.Instruments.Count, captures, recording.Skipped, data.LoopSpan.TotalSeconds);
        return data;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "deribit: loaded {Events} events of {Instruments} instruments from {Files} capture(s) ({Skipped} frames not replayed), {Seconds:0.0} s per pass")]
    private static partial void LogLoaded(ILogger logger, int events, int instruments, int files, int skipped, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "deribit: {File} line {Line}: {Reason}; not replayed")]
    private static partial void LogSkipped(ILogger logger, string file, int line, string reason);

    /// <summary>What the captures hold, gathered file by file, then turned into the session.</summary>
    private sealed class Recording(StreamRegistry streams)
    {
        private readonly List<DeribitEvent> _events = [];
        private readonly SortedDictionary<string, DeribitInstrument> _instruments = new(StringComparer.Ordinal);
        private readonly Dictionary<string, long> _lastRecordedChange = new(StringComparer.Ordinal);

        // Per currency: (offset, index price) of every recorded ticker, and (offset, instrument, mark_iv) of options.
        private readonly SortedDictionary<string, List<(TimeSpan Offset, decimal Index)>> _indexes = new(StringComparer.Ordinal);
        private readonly Dictionary<string, List<(TimeSpan Offset, string Instrument, decimal Iv)>> _volatilities = new(StringComparer.Ordinal);

        private long? _originMs;
        private TimeSpan _end;

        public int Skipped { get; private set; }

        public bool Read(string file, ILogger logger)
        {
            double? fileOrigin = null;
            var owned = false;
            foreach (var entry in CaptureReader.ReadFile(file))
            {
                if (entry.Kind == CaptureEntryKind.Connect)
                {
                    if (!Uri.TryCreate(entry.Url, UriKind.Absolute, out var url) || !url.Host.EndsWith("deribit.com", StringComparison.OrdinalIgnoreCase))
                    {
                        return false;
                    }

                    owned = true;
                    continue;
                }

                if (!owned || entry.Kind != CaptureEntryKind.Received || entry.UnixSeconds is not { } received)
                {
                    continue;
                }

                fileOrigin ??= received;
                _originMs ??= (long)Math.Round(received * 1000);
                var offset = TimeSpan.FromSeconds(received - fileOrigin.Value);
                if (offset > _end)
                {
                    _end = offset;
                }

                var problem = ReadFrame(entry.Payload, offset);
                if (problem is not null)
                {
                    Skipped++;
                    LogSkipped(logger, file, entry.LineNumber, problem);
                }
            }

            return owned;
        }

        public DeribitSessionData Build(StreamRegistry registry)
        {
            var origin = _originMs ?? 0;
            foreach (var points in _indexes.Values)
            {
                points.Sort(static (a, b) => a.Offset.CompareTo(b.Offset));
            }

            foreach (var points in _volatilities.Values)
            {
                points.Sort(static (a, b) => a.Offset.CompareTo(b.Offset));
            }

            var volatilityChannels = new SortedDictionary<string, StreamChannel>(StringComparer.Ordinal);
            var currency = 0;
            foreach (var (name, points) in _indexes)
            {
                AddPerpetual(name, points, origin, currency++);
                var index = $"{name.ToLowerInvariant()}_usd";
                var channel = registry.GetOrAdd(DeribitChannelNames.VolatilityIndex(index));
                channel.HasSource = true;
                volatilityChannels[index] = channel;
                AddVolatility(name, index, channel, origin);
            }

            // Stable: recorded events keep their order, synthetic ones come after recorded ones of the same offset.
            var ordered = _events.Select((ev, position) => (ev, position))
                .OrderBy(pair => pair.ev.Offset)
                .ThenBy(pair => pair.position)
                .Select(pair => pair.ev)
                .ToArray();
            return new DeribitSessionData(ordered, _instruments, volatilityChannels, _end + PassGap, origin);
        }

        private string? ReadFrame(ReadOnlyMemory<byte> payload, TimeSpan offset)
        {
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(payload);
            }
            catch (JsonException ex)
            {
                return $"invalid JSON ({ex.Message})";
            }

            using (document)
            {
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("params", out var parameters)
                    || !parameters.TryGetProperty("channel", out var channelElement) || !parameters.TryGetProperty("data", out var data))
                {
                    return null; // An answer to a request ({"id":0,"result":[…]}): not market data.
                }

                var channel = channelElement.GetString() ?? "";
                var parts = channel.Split('.');
                if (parts.Length != 3)
                {
                    return $"channel '{channel}' is not served";
                }

                var instrument = Instrument(parts[1]);
                switch (parts[0])
                {
                    case "book":
                        return ReadBook(instrument, data, offset);
                    case "ticker":
                        ReadTicker(instrument, data, offset);
                        return null;
                    default:
                        return $"recorded '{parts[0]}' notifications are not replayed";
                }
            }
        }

        private string? ReadBook(DeribitInstrument instrument, JsonElement data, TimeSpan offset)
        {
            var snapshot = data.TryGetProperty("type", out var type) ? type.GetString() == "snapshot" : !data.TryGetProperty("prev_change_id", out _);
            var changeId = data.GetProperty("change_id").GetInt64();
            var time = data.GetProperty("timestamp").GetInt64();
            var bids = Levels(data.GetProperty("bids"));
            var asks = Levels(data.GetProperty("asks"));
            if (snapshot)
            {
                if (instrument.InitialBook is not null)
                {
                    return $"a second snapshot of {instrument.Name}";
                }

                foreach (var level in bids)
                {
                    instrument.Truth.Set(Side.Buy, level.Price, level.Amount);
                }

                foreach (var level in asks)
                {
                    instrument.Truth.Set(Side.Sell, level.Price, level.Amount);
                }

                instrument.Truth.LastUpdateId = changeId;
                instrument.LastChangeId = changeId;
                instrument.InitialBook = instrument.Truth.Clone();
                instrument.InitialBookTime = time;
                instrument.BookChannel.HasSource = true;
                instrument.QuoteChannel.HasSource = true;
                _lastRecordedChange[instrument.Name] = changeId;
                return null;
            }

            if (!_lastRecordedChange.TryGetValue(instrument.Name, out var last))
            {
                return $"a change of {instrument.Name} before its snapshot";
            }

            var previous = data.GetProperty("prev_change_id").GetInt64();
            if (previous != last)
            {
                return $"the change chain of {instrument.Name} breaks ({previous} after {last})";
            }

            _lastRecordedChange[instrument.Name] = changeId;
            _events.Add(new DeribitEvent
            {
                Kind = DeribitEventKind.RecordedBookChange,
                Offset = offset,
                Time = time,
                Instrument = instrument,
                Bids = bids,
                Asks = asks,
                ChangeStep = changeId - previous,
            });
            return null;
        }

        private void ReadTicker(DeribitInstrument instrument, JsonElement data, TimeSpan offset)
        {
            var time = data.GetProperty("timestamp").GetInt64();
            instrument.TickerChannel.HasSource = true;
            _events.Add(new DeribitEvent
            {
                Kind = DeribitEventKind.RecordedTicker,
                Offset = offset,
                Time = time,
                Instrument = instrument,
                Template = TickerTemplate(instrument.Name, data.GetRawText(), time),
            });

            if (data.TryGetProperty("index_price", out var index) && index.ValueKind == JsonValueKind.Number)
            {
                if (!_indexes.TryGetValue(instrument.Currency, out var points))
                {
                    points = [];
                    _indexes[instrument.Currency] = points;
                }

                points.Add((offset, index.GetDecimal()));
            }

            if (data.TryGetProperty("mark_iv", out var iv) && iv.ValueKind == JsonValueKind.Number)
            {
                if (!_volatilities.TryGetValue(instrument.Currency, out var points))
                {
                    points = [];
                    _volatilities[instrument.Currency] = points;
                }

                points.Add((offset, instrument.Name, iv.GetDecimal()));
            }
        }

        /// <summary>The recorded ticker under the served channel name, with its <c>timestamp</c> patched per pass.</summary>
        private static FrameTemplate TickerTemplate(string instrument, string data, long time)
        {
            var prefix = Encoding.UTF8.GetBytes($$"""{"jsonrpc":"2.0","method":"subscription","params":{"channel":"{{DeribitChannelNames.Ticker(instrument)}}","data":""");
            var body = Encoding.UTF8.GetBytes(data);
            var frame = new byte[prefix.Length + body.Length + 2];
            prefix.CopyTo(frame, 0);
            body.CopyTo(frame, prefix.Length);
            frame[^2] = (byte)'}';
            frame[^1] = (byte)'}';

            var reader = new Utf8JsonReader(body);
            reader.Read();
            var patches = new List<FramePatch>(1);
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isTime = reader.ValueTextEquals("timestamp"u8);
                reader.Read();
                if (isTime && reader.TokenType == JsonTokenType.Number)
                {
                    patches.Add(new FramePatch(prefix.Length + (int)reader.TokenStartIndex, reader.ValueSpan.Length, PatchKind.Time, time));
                }

                reader.Skip();
            }

            return new FrameTemplate(frame, 0, frame.Length, [.. patches], time, 0);
        }

        private DeribitInstrument Instrument(string name)
        {
            if (!_instruments.TryGetValue(name, out var instrument))
            {
                var underscore = name.IndexOfAny(['-', '_']);
                instrument = new DeribitInstrument(name, underscore < 0 ? name : name[..underscore], DeribitInstrumentKind.RecordedOption, streams);
                _instruments[name] = instrument;
            }

            return instrument;
        }

        /// <summary>A perpetual per currency: a book following the index every second, and a trade every two.</summary>
        private void AddPerpetual(string currency, List<(TimeSpan Offset, decimal Index)> indexes, long origin, int number)
        {
            var name = $"{currency}-PERPETUAL";
            if (_instruments.ContainsKey(name))
            {
                return;
            }

            var btc = currency == "BTC";
            var perpetual = new DeribitInstrument(name, currency, DeribitInstrumentKind.SyntheticPerpetual, streams)
            {
                TickSize = btc ? 0.5m : 0.05m,
                ContractSize = btc ? 10m : 1m,
                NextTradeSequence = 100_000_000,
                NextTradeId = (number + 1) * 100_000_000L,
                OpenInterest = btc ? 500_000_000m : 100_000_000m,
            };
            perpetual.BookChannel.HasSource = true;
            perpetual.QuoteChannel.HasSource = true;
            perpetual.TickerChannel.HasSource = true;
            perpetual.TradesChannel.HasSource = true;

            // The starting book is the first second's target, at an id of its own range.
            var first = IndexAt(indexes, TimeSpan.Zero);
            var start = DeribitSynthesis.PerpetualBook(perpetual, first, 0);
            perpetual.LastChangeId = (number + 1) * 10_000_000_000L;
            start.LastUpdateId = perpetual.LastChangeId;
            foreach (var level in start.Top(Side.Buy, int.MaxValue))
            {
                perpetual.Truth.Set(Side.Buy, level.Price, level.Size);
            }

            foreach (var level in start.Top(Side.Sell, int.MaxValue))
            {
                perpetual.Truth.Set(Side.Sell, level.Price, level.Size);
            }

            perpetual.Truth.LastUpdateId = perpetual.LastChangeId;
            perpetual.InitialBookTime = origin;
            _instruments[name] = perpetual;

            var sequence = 0;
            for (var offset = FirstTick; offset <= _end; offset += TickInterval)
            {
                _events.Add(new DeribitEvent
                {
                    Kind = DeribitEventKind.PerpetualTick,
                    Offset = offset,
                    Time = origin + (long)offset.TotalMilliseconds,
                    Instrument = perpetual,
                    IndexPrice = IndexAt(indexes, offset),
                    Sequence = ++sequence,
                });
            }

            sequence = 0;
            for (var offset = FirstTrade; offset <= _end; offset += TradeInterval)
            {
                _events.Add(new DeribitEvent
                {
                    Kind = DeribitEventKind.PerpetualTrade,
                    Offset = offset,
                    Time = origin + (long)offset.TotalMilliseconds,
                    Instrument = perpetual,
                    IndexPrice = IndexAt(indexes, offset),
                    Sequence = ++sequence,
                });
            }
        }

        /// <summary>DVOL of a currency every second: the mean latest <c>mark_iv</c> of its recorded options.</summary>
        private void AddVolatility(string currency, string index, StreamChannel channel, long origin)
        {
            if (!_volatilities.TryGetValue(currency, out var points) || points.Count == 0)
            {
                return;
            }

            var sequence = 0;
            for (var offset = FirstVolatility; offset <= _end; offset += TickInterval)
            {
                var latest = new Dictionary<string, decimal>(StringComparer.Ordinal);
                foreach (var (at, instrument, iv) in points)
                {
                    if (at <= offset || !latest.ContainsKey(instrument))
                    {
                        latest[instrument] = iv;
                    }
                }

                var mean = decimal.Round(latest.Values.Sum() / latest.Count, 2, MidpointRounding.AwayFromZero);
                _events.Add(new DeribitEvent
                {
                    Kind = DeribitEventKind.VolatilityIndex,
                    Offset = offset,
                    Time = origin + (long)offset.TotalMilliseconds,
                    Volatility = mean,
                    IndexName = index,
                    Channel = channel,
                    Sequence = ++sequence,
                });
            }
        }

        private static decimal IndexAt(List<(TimeSpan Offset, decimal Index)> points, TimeSpan offset)
        {
            var index = points[0].Index;
            foreach (var (at, value) in points)
            {
                if (at > offset)
                {
                    break;
                }

                index = value;
            }

            return index;
        }

        private static DeribitLevel[] Levels(JsonElement levels)
        {
            var result = new DeribitLevel[levels.GetArrayLength()];
            var i = 0;
            foreach (var level in levels.EnumerateArray())
            {
                result[i++] = new DeribitLevel(
                    level[0].GetString() ?? throw new FormatException("a book level without an action"),
                    level[1].GetDecimal(),
                    level[2].GetDecimal());
            }

            return result;
        }
    }
}
