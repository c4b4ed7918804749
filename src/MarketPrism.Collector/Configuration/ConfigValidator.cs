using MarketPrism.Core.Books;
using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Symbols;
using MarketPrism.Sinks.FileStore;

namespace MarketPrism.Collector.Configuration;

/// <summary>
/// The rules a bound configuration must satisfy before anything connects. Every rule reports on a key path; the
/// diagnostics turn that into a file position or the environment variable that set it.
/// </summary>
internal sealed class ConfigValidator
{
    /// <summary>Binance USD-M/COIN-M <c>/depth</c> accepts only these limits; spot accepts 1..5000.</summary>
    private static readonly int[] BinanceDerivativeDepthLimits = [5, 10, 20, 50, 100, 500, 1000];

    private static readonly string[] LogLevels = ["trace", "debug", "information", "warning", "error", "critical", "none"];
    private static readonly string[] TradeStreams = ["trade", "agg_trade"];
    private static readonly string[] HttpSchemes = ["http", "https"];
    private static readonly string[] WebSocketSchemes = ["ws", "wss"];

    private const int MaxSnapshotDepth = 5000;
    private const int MaxRestSnapshotLimit = 5000;

    private readonly IReadOnlyCollection<string> _knownExchanges;
    private readonly IReadOnlyCollection<string> _knownJobs;
    private readonly ConfigDiagnostics _diagnostics;

    public ConfigValidator(IReadOnlyCollection<string> knownExchanges, IReadOnlyCollection<string> knownJobs, ConfigDiagnostics diagnostics)
    {
        _knownExchanges = knownExchanges;
        _knownJobs = knownJobs;
        _diagnostics = diagnostics;
    }

    public void Validate(CollectorConfig config)
    {
        ValidateCollector(config.Collector);
        ValidateExchanges(config.Exchanges);
        ValidateBooks(config.Books, config.Exchanges);
        ValidatePipeline(config.Pipeline);
        ValidateFileStore(config.Sinks.File);
        ValidateConnections(config.Connections);
        ValidateScheduler(config.Scheduler);
        ValidateHttp(config.Http);
        ValidateHealth(config.Health);
    }

    private void ValidateCollector(CollectorSection collector)
    {
        if (string.IsNullOrWhiteSpace(collector.Name))
        {
            Error("collector.name", "must not be empty");
        }

        if (!LogLevels.Contains(collector.LogLevel))
        {
            Error("collector.log_level", $"unknown log level `{collector.LogLevel}`; valid: {string.Join(", ", LogLevels)}{Suggestions.DidYouMean(collector.LogLevel, LogLevels)}");
        }

        Positive("collector.shutdown_timeout", collector.ShutdownTimeout);
    }

    private void ValidateExchanges(List<ExchangeOptions> exchanges)
    {
        if (exchanges.Count == 0)
        {
            Error("exchanges", "must list at least one exchange entry");
            return;
        }

        if (!exchanges.Exists(entry => entry.Enabled))
        {
            Error("exchanges", "every exchange entry is disabled; enable at least one");
        }

        // Across enabled entries, one symbol of one market may be collected once: twice would store every record twice.
        var collected = new Dictionary<(string Exchange, string Market, string Symbol), string>();
        for (var i = 0; i < exchanges.Count; i++)
        {
            ValidateExchange(exchanges[i], KeyPath.Item("exchanges", i), collected);
        }
    }

    private void ValidateExchange(ExchangeOptions entry, string path, Dictionary<(string, string, string), string> collected)
    {
        if (string.IsNullOrWhiteSpace(entry.Exchange))
        {
            Error(KeyPath.Child(path, "exchange"), $"is required; known exchanges: {string.Join(", ", _knownExchanges)}");
        }
        else if (!_knownExchanges.Contains(entry.Exchange))
        {
            Error(KeyPath.Child(path, "exchange"), $"unknown exchange `{entry.Exchange}`; known exchanges: {string.Join(", ", _knownExchanges)}{Suggestions.DidYouMean(entry.Exchange, _knownExchanges)}");
        }

        // With an unknown market type, rules that depend on it are skipped: one mistake, one error.
        var marketKnown = WireNames.TryParseMarketType(entry.MarketType, out var marketType);
        var isSpot = marketKnown && marketType == MarketType.Spot;
        if (!marketKnown)
        {
            Error(KeyPath.Child(path, "market_type"), $"unknown market type `{entry.MarketType}`; valid: {string.Join(", ", WireNames.MarketTypeWireNames)}{Suggestions.DidYouMean(entry.MarketType, WireNames.MarketTypeWireNames)}");
        }

        Url(KeyPath.Child(path, "base_url"), entry.BaseUrl, HttpSchemes);
        Url(KeyPath.Child(path, "ws_url"), entry.WsUrl, WebSocketSchemes);
        Url(KeyPath.Child(path, "futures_url"), entry.FuturesUrl, HttpSchemes);
        Url(KeyPath.Child(path, "futures_ws_url"), entry.FuturesWsUrl, WebSocketSchemes);

        if (marketKnown && !isSpot)
        {
            // The futures_* keys add perpetuals to a spot entry; on any other entry they would be silently unused.
            var market = entry.MarketType;
            SpotOnly(KeyPath.Child(path, "futures_url"), entry.FuturesUrl is not null, market);
            SpotOnly(KeyPath.Child(path, "futures_ws_url"), entry.FuturesWsUrl is not null, market);
            SpotOnly(KeyPath.Child(path, "futures_symbols"), entry.FuturesSymbols.Count > 0, market);
        }

        if (entry.Symbols.Count == 0 && (entry.FuturesSymbols.Count == 0 || (marketKnown && !isSpot)))
        {
            Error(KeyPath.Child(path, "symbols"), isSpot
                ? "must list at least one symbol (or list perpetuals in `futures_symbols`)"
                : "must list at least one symbol");
        }

        var exchange = entry.Exchange;
        Symbols(KeyPath.Child(path, "symbols"), entry.Symbols, (exchange, entry.MarketType), entry.Enabled, collected);
        if (isSpot || !marketKnown)
        {
            Symbols(KeyPath.Child(path, "futures_symbols"), entry.FuturesSymbols, (exchange, "perpetual"), entry.Enabled, collected);
        }

        DataTypes(KeyPath.Child(path, "data_types"), entry.DataTypes);

        if (!TradeStreams.Contains(entry.TradeStream))
        {
            Error(KeyPath.Child(path, "trade_stream"), $"must be trade or agg_trade, got `{entry.TradeStream}`{Suggestions.DidYouMean(entry.TradeStream, TradeStreams)}");
        }

        Positive(KeyPath.Child(path, "max_requests_per_minute"), entry.MaxRequestsPerMinute);
        Positive(KeyPath.Child(path, "api_rate_limit"), entry.ApiRateLimit);
    }

    private void Symbols(string path, List<string> symbols, (string Exchange, string Market) market, bool enabled, Dictionary<(string, string, string), string> collected)
    {
        SymbolConventions.TryGet(market.Exchange, out var convention);
        var marketKnown = WireNames.TryParseMarketType(market.Market, out var marketType);
        var local = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < symbols.Count; i++)
        {
            var symbol = symbols[i];
            var itemPath = KeyPath.Item(path, i);
            Instrument? instrument = null;
            string? venueError = null;
            if (convention is not null && marketKnown)
            {
                convention.TryCreateInstrument(symbol, marketType, out instrument, out venueError);
            }

            if (!IsNormalizedSymbol(symbol))
            {
                // Not BASE-QUOTE: fine only when it is the venue's own spelling of an instrument that BASE-QUOTE cannot
                // name (a Deribit option, BTC-27DEC24-100000-C); a lower-case BASE-QUOTE gets the upper-case hint.
                var upper = symbol.Trim().ToUpperInvariant();
                if (IsNormalizedSymbol(upper) || instrument is null || HasBaseQuoteName(convention!, instrument, marketType))
                {
                    var hint = IsNormalizedSymbol(upper) ? $"; did you mean `{upper}`?" : "";
                    Error(itemPath, $"`{symbol}` is not a symbol of the form BASE-QUOTE in upper-case letters and digits, e.g. BTC-USDT{hint}");
                    continue;
                }
            }
            else if (venueError is not null)
            {
                Error(itemPath, venueError);
                continue;
            }

            // Two spellings of one instrument (BTC-USD and BTC-PERPETUAL on Deribit) are one instrument.
            var key = instrument?.ExchangeSymbol ?? symbol;
            if (local.TryGetValue(key, out var first)
                || (enabled && collected.TryGetValue((market.Exchange, market.Market, key), out first)))
            {
                Error(itemPath, $"`{symbol}` is listed twice for {market.Exchange} {market.Market} (first at {first})");
                continue;
            }

            local.Add(key, itemPath);
            if (enabled)
            {
                collected.Add((market.Exchange, market.Market, key), itemPath);
            }
        }
    }

    /// <summary>Whether the instrument's normalized symbol names it on its market, so that spelling must be used.</summary>
    private static bool HasBaseQuoteName(ISymbolConvention convention, Instrument instrument, MarketType market) =>
        convention.TryCreateInstrument(instrument.Symbol, market, out var named, out _) && named.ExchangeSymbol == instrument.ExchangeSymbol;

    private void DataTypes(string path, List<string> dataTypes)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < dataTypes.Count; i++)
        {
            var name = dataTypes[i];
            var itemPath = KeyPath.Item(path, i);
            if (!WireNames.TryParseDataType(name, out _))
            {
                Error(itemPath, $"unknown data type `{name}`; valid: {string.Join(", ", WireNames.DataTypeWireNames)}{Suggestions.DidYouMean(name, WireNames.DataTypeWireNames)}");
            }
            else if (!seen.Add(name))
            {
                Error(itemPath, $"`{name}` is listed twice");
            }
        }
    }

    private void ValidateBooks(BookOptions books, List<ExchangeOptions> exchanges)
    {
        if (books.SnapshotDepth is < 1 or > MaxSnapshotDepth)
        {
            Error("books.snapshot_depth", $"must be from 1 to {MaxSnapshotDepth}, got {books.SnapshotDepth}");
        }

        NotNegative("books.snapshot_interval", books.SnapshotInterval);
        Positive("books.max_buffered_updates", books.MaxBufferedUpdates);

        var limit = books.RestSnapshotLimit;
        if (limit is < 1 or > MaxRestSnapshotLimit)
        {
            Error("books.rest_snapshot_limit", $"must be from 1 to {MaxRestSnapshotLimit} (Binance spot's /depth range), got {limit}");
            return;
        }

        // Binance futures reject any other limit with HTTP 400, which would leave every perpetual book unsynchronized.
        var derivatives = exchanges.FindIndex(entry =>
            entry.Enabled && entry.Exchange == "binance" && (entry.MarketType != "spot" || entry.FuturesSymbols.Count > 0));
        if (derivatives >= 0 && Array.IndexOf(BinanceDerivativeDepthLimits, limit) < 0)
        {
            Error("books.rest_snapshot_limit", $"must be one of {string.Join(", ", BinanceDerivativeDepthLimits)} because {KeyPath.Item("exchanges", derivatives)} collects Binance futures, whose /depth accepts only those; got {limit}");
        }
    }

    private void ValidatePipeline(PipelineOptions pipeline)
    {
        Positive("pipeline.channel_capacity", pipeline.ChannelCapacity);
        Positive("pipeline.batch_size", pipeline.BatchSize);
        if (pipeline.BatchSize > 0 && pipeline.ChannelCapacity > 0 && pipeline.BatchSize > pipeline.ChannelCapacity)
        {
            Error("pipeline.batch_size", $"must not exceed pipeline.channel_capacity ({pipeline.ChannelCapacity}), got {pipeline.BatchSize}");
        }

        Positive("pipeline.flush_interval", pipeline.FlushInterval);
    }

    private void ValidateFileStore(FileStoreOptions file)
    {
        if (string.IsNullOrWhiteSpace(file.Directory))
        {
            Error("sinks.file.directory", "must not be empty");
        }

        Positive("sinks.file.roll_interval", file.RollInterval);
        if (file.RollSize.Bytes <= 0)
        {
            Error("sinks.file.roll_size", $"must be positive, got {file.RollSize}");
        }

        Positive("sinks.file.row_group_size", file.RowGroupSize);
    }

    private void ValidateConnections(ConnectionOptions connections)
    {
        Positive("connections.max_lifetime", connections.MaxLifetime);
        Positive("connections.reconnect_base_delay", connections.ReconnectBaseDelay);
        Positive("connections.reconnect_max_delay", connections.ReconnectMaxDelay);
        Positive("connections.connect_timeout", connections.ConnectTimeout);
        Positive("connections.no_data_timeout", connections.NoDataTimeout);
        if (connections.ReconnectBaseDelay > connections.ReconnectMaxDelay)
        {
            Error("connections.reconnect_base_delay", $"must not exceed connections.reconnect_max_delay ({Format(connections.ReconnectMaxDelay)}), got {Format(connections.ReconnectBaseDelay)}");
        }
    }

    private void ValidateScheduler(SchedulerOptions scheduler)
    {
        foreach (var (name, job) in scheduler.Jobs)
        {
            var path = KeyPath.Child("scheduler.jobs", name);
            if (!_knownJobs.Contains(name))
            {
                Error(path, $"unknown job `{name}`; known jobs: {string.Join(", ", _knownJobs)}{Suggestions.DidYouMean(name, _knownJobs)}");
                continue;
            }

            var intervalPath = KeyPath.Child(path, "interval");
            if (!Core.Configuration.DurationText.TryParse(job.Interval, out var interval))
            {
                Error(intervalPath, $"expected a duration such as 30s, 15m, 1h or 1h30m, got `{job.Interval}`");
            }
            else
            {
                Positive(intervalPath, interval);
            }
        }
    }

    private void ValidateHttp(HttpOptions http)
    {
        if (http.Port is < 0 or > 65535)
        {
            Error("http.port", $"must be from 0 to 65535 (0 picks a free port), got {http.Port}");
        }

        if (string.IsNullOrWhiteSpace(http.Host))
        {
            Error("http.host", "must not be empty (127.0.0.1 listens on loopback only, 0.0.0.0 on every interface)");
        }
        else if (http.Host is not ("localhost" or "*") && !System.Net.IPAddress.TryParse(http.Host, out _))
        {
            Error("http.host", $"must be an IP address (127.0.0.1, 0.0.0.0, ::1), `localhost` or `*`, got `{http.Host}`");
        }
    }

    private void ValidateHealth(HealthOptions health)
    {
        foreach (var (name, threshold) in health.StaleAfter)
        {
            if (!WireNames.TryParseDataType(name, out _))
            {
                Error($"health.stale_after.{name}", $"unknown data type `{name}`; known: {string.Join(", ", WireNames.DataTypeWireNames)}");
            }
            else if (threshold < TimeSpan.Zero)
            {
                Error($"health.stale_after.{name}", $"must not be negative (0 turns the check off), got {threshold}");
            }
        }
    }

    private void Url(string path, string? value, string[] schemes)
    {
        if (value is null)
        {
            return;
        }

        var expected = string.Join(" or ", schemes.Select(scheme => scheme + "://"));
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Host.Length == 0)
        {
            Error(path, $"must be an absolute {expected} URL, got `{value}`");
        }
        else if (!schemes.Contains(uri.Scheme))
        {
            Error(path, $"must use {expected}, got `{value}`");
        }
    }

    private void SpotOnly(string path, bool present, string market)
    {
        if (present)
        {
            Error(path, $"is only allowed on a spot entry (this entry is {market}); list this market's symbols in `symbols`");
        }
    }

    private void Positive(string path, int value)
    {
        if (value <= 0)
        {
            Error(path, $"must be positive, got {value}");
        }
    }

    private void Positive(string path, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            Error(path, $"must be a positive duration, got {Format(value)}");
        }
    }

    private void NotNegative(string path, TimeSpan value)
    {
        if (value < TimeSpan.Zero)
        {
            Error(path, $"must not be negative, got {value}");
        }
    }

    private void Error(string path, string message) => _diagnostics.RuleError(path, message);

    private static string Format(TimeSpan value) =>
        value < TimeSpan.Zero ? value.ToString() : Core.Configuration.DurationText.Format(value);

    /// <summary><c>BASE-QUOTE</c>: two non-empty runs of A-Z/0-9 joined by one dash.</summary>
    internal static bool IsNormalizedSymbol(string symbol)
    {
        var dash = symbol.IndexOf('-', StringComparison.Ordinal);
        if (dash <= 0 || dash == symbol.Length - 1)
        {
            return false;
        }

        for (var i = 0; i < symbol.Length; i++)
        {
            var c = symbol[i];
            if (i != dash && !char.IsAsciiDigit(c) && !char.IsAsciiLetterUpper(c))
            {
                return false;
            }
        }

        return true;
    }
}
