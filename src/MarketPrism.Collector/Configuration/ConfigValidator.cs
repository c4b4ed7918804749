using MarketPrism.Core.Configuration;
using MarketPrism.Core.Books;
using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Abstractions;
using MarketPrism.Exchanges.Symbols;
using MarketPrism.Sinks.ClickHouse;
using MarketPrism.Sinks.FileStore;
using MarketPrism.Sinks.Nats;

namespace MarketPrism.Collector.Configuration;

/// <summary>
/// The rules a bound configuration must satisfy before anything connects. Every rule reports on a key path; the
/// diagnostics turn that into a file position or the environment variable that set it.
/// </summary>
internal sealed class ConfigValidator : IConfigReport
{
    private static readonly string[] LogLevels = ["trace", "debug", "information", "warning", "error", "critical", "none"];
    private static readonly string[] HttpSchemes = ["http", "https"];
    private static readonly string[] WebSocketSchemes = ["ws", "wss"];
    private static readonly string[] NatsSchemes = ["nats", "tls", "ws", "wss"];
    private const int MaxNatsReplicas = 5;

    private const int MaxSnapshotDepth = 5000;

    /// <summary>The deepest REST book snapshot any venue serves (Binance spot's <c>/depth</c> goes to 5000).</summary>
    private const int MaxRestSnapshotLimit = 5000;

    private readonly IReadOnlyCollection<string> _knownExchanges;
    private readonly IReadOnlyDictionary<string, IExchangePlugin> _plugins;
    private readonly IReadOnlyCollection<string> _knownJobs;
    private readonly ConfigDiagnostics _diagnostics;

    /// <param name="plugins">The plug-ins of <paramref name="knownExchanges"/>, by exchange name.</param>
    public ConfigValidator(IReadOnlyCollection<string> knownExchanges, IReadOnlyDictionary<string, IExchangePlugin> plugins, IReadOnlyCollection<string> knownJobs, ConfigDiagnostics diagnostics)
    {
        _knownExchanges = knownExchanges;
        _plugins = plugins;
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
        ValidateNats(config.Sinks.Nats);
        ValidateClickHouse(config.Sinks.Clickhouse);
        ValidateSinkSetAndSpool(config.Sinks);
        ValidateConnections(config.Connections);
        ValidateScheduler(config.Scheduler);
        ValidateHttp(config.Http);
        ValidateHealth(config.Health);
        ValidateRest(config.Rest);
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
        Positive(KeyPath.Child(path, "max_requests_per_minute"), entry.MaxRequestsPerMinute);
        Positive(KeyPath.Child(path, "api_rate_limit"), entry.ApiRateLimit);

        // The exchange's own rules on its own options (bound by VenueOptionsBinder; null for an unknown exchange).
        entry.VenueOptions?.Validate(KeyPath.Child(path, "options"), this);
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
            var dated = market.Market == "futures";
            Instrument? instrument = null;
            string? venueError = null;
            if (convention is not null && marketKnown)
            {
                convention.TryCreateInstrument(symbol, marketType, out instrument, out venueError);
            }

            if (!IsNormalizedSymbol(symbol) && !(dated && IsDatedContractSymbol(symbol)))
            {
                // Not BASE-QUOTE (or BASE-QUOTE-EXPIRY on futures): fine only when it is the venue's own spelling of an
                // instrument that BASE-QUOTE cannot name (a Deribit option, BTC-27DEC24-100000-C); a lower-case
                // BASE-QUOTE gets the upper-case hint.
                var upper = symbol.Trim().ToUpperInvariant();
                var wellFormedUpper = IsNormalizedSymbol(upper) || (dated && IsDatedContractSymbol(upper));
                if (wellFormedUpper || instrument is null || HasBaseQuoteName(convention!, instrument, marketType))
                {
                    var hint = wellFormedUpper ? $"; did you mean `{upper}`?" : "";
                    Error(itemPath, dated
                        ? $"`{symbol}` is not a symbol of the form BASE-QUOTE or BASE-QUOTE-EXPIRY (a dated contract, e.g. BTC-USD-250926) in upper-case letters and digits{hint}"
                        : $"`{symbol}` is not a symbol of the form BASE-QUOTE in upper-case letters and digits, e.g. BTC-USDT{hint}");
                    continue;
                }
            }
            else if (venueError is not null)
            {
                // The venue has the last word on its own symbols (an OKX dated future must name its expiry, for example).
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
        Positive("books.in_band_snapshot_timeout", books.InBandSnapshotTimeout);

        var limit = books.RestSnapshotLimit;
        if (limit is < 1 or > MaxRestSnapshotLimit)
        {
            Error("books.rest_snapshot_limit", $"must be from 1 to {MaxRestSnapshotLimit} (the deepest REST snapshot a venue serves), got {limit}");
            return;
        }

        var byExchange = EnabledEntriesByExchange(exchanges);
        ValidateMaxLevels(books, byExchange);
        foreach (var (plugin, entries) in byExchange)
        {
            plugin.ValidateBooks(books, entries, this);
        }
    }

    /// <summary>
    /// The enabled entries of each known exchange, exchanges in the order the file first names them, as the plug-ins'
    /// book rules see them.
    /// </summary>
    private List<(IExchangePlugin Plugin, List<ConfiguredEntry> Entries)> EnabledEntriesByExchange(List<ExchangeOptions> exchanges)
    {
        var byExchange = new List<(IExchangePlugin Plugin, List<ConfiguredEntry> Entries)>();
        for (var i = 0; i < exchanges.Count; i++)
        {
            var entry = exchanges[i];
            if (!entry.Enabled || entry.VenueOptions is null || !_plugins.TryGetValue(entry.Exchange, out var plugin)
                || !WireNames.TryParseMarketType(entry.MarketType, out var market))
            {
                // An unknown exchange or market has its own error; rules that depend on it are skipped.
                continue;
            }

            var markets = new HashSet<MarketType> { market };
            if (market == MarketType.Spot && entry.FuturesSymbols.Count > 0)
            {
                markets.Add(MarketType.Perpetual);
            }

            var group = byExchange.FindIndex(candidate => candidate.Plugin == plugin);
            if (group < 0)
            {
                byExchange.Add((plugin, []));
                group = byExchange.Count - 1;
            }

            byExchange[group].Entries.Add(new ConfiguredEntry(KeyPath.Item("exchanges", i), markets, entry.VenueOptions));
        }

        return byExchange;
    }

    /// <summary>
    /// A bounded book must hold every level it is given and every level anything reads from it: the emitted snapshots
    /// and what each exchange's plug-in asks for (a book topic's depth, the depth a checksum covers). A REST snapshot deeper than the bound
    /// raises it instead (BookSynchronizer), so raising <c>rest_snapshot_limit</c> alone stays valid.
    /// </summary>
    private void ValidateMaxLevels(BookOptions books, List<(IExchangePlugin Plugin, List<ConfiguredEntry> Entries)> byExchange)
    {
        var maxLevels = books.MaxLevels;
        if (maxLevels == 0)
        {
            return;
        }

        if (maxLevels < 0)
        {
            Error("books.max_levels", $"must be 0 (every level) or a positive number of levels, got {maxLevels}");
            return;
        }

        BookLevelsNeed? needed = null;
        // An out-of-range snapshot_depth has its own error; it is not repeated here.
        if (books.SnapshotDepth <= MaxSnapshotDepth)
        {
            needed = new BookLevelsNeed(books.SnapshotDepth, "books.snapshot_depth");
        }

        foreach (var (plugin, entries) in byExchange)
        {
            if (plugin.BookLevelsNeeded(books, entries) is { } need && need.Levels > (needed?.Levels ?? 0))
            {
                needed = need;
            }
        }

        if (needed is not null && maxLevels < needed.Levels)
        {
            Error("books.max_levels", $"must be 0 (every level) or at least {needed.Levels} ({needed.Reason}), got {maxLevels}");
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
        Positive("sinks.file.max_row_groups", file.MaxRowGroups);
        if (file.BufferBudget.Bytes <= 0)
        {
            Error("sinks.file.buffer_budget", $"must be positive, got {file.BufferBudget}");
        }
    }

    private void ValidateNats(NatsSinkOptions nats)
    {
        if (string.IsNullOrWhiteSpace(nats.Url))
        {
            Error("sinks.nats.url", "must name at least one server, e.g. nats://127.0.0.1:4222");
        }
        else
        {
            foreach (var url in nats.Url.Split(',', StringSplitOptions.TrimEntries))
            {
                Url("sinks.nats.url", url, NatsSchemes);
            }
        }

        if (string.IsNullOrWhiteSpace(nats.Stream) || nats.Stream.Any(c => c is '.' or '*' or '>' or '/' or '\\' || char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            Error("sinks.nats.stream", $"must be a stream name without spaces, `.`, `*`, `>`, `/` or `\\`, got `{nats.Stream}`");
        }

        for (var i = 0; i < nats.Subjects.Count; i++)
        {
            if (!NatsSubjects.IsValidFilter(nats.Subjects[i]))
            {
                Error(KeyPath.Item("sinks.nats.subjects", i), $"`{nats.Subjects[i]}` is not a subject filter (dot-separated tokens; `*` and a final `>` as whole tokens)");
            }
        }

        DataTypes("sinks.nats.core_data_types", nats.CoreDataTypes);
        var jetStreamTypes = WireNames.AllDataTypes
            .Where(type => !nats.CoreDataTypes.Contains(type.ToWireName()))
            .ToList();
        if (nats.Subjects.Count > 0 && nats.Subjects.All(NatsSubjects.IsValidFilter))
        {
            // A JetStream publish to a subject no stream captures fails every time: say so now, not at the first record.
            var uncovered = jetStreamTypes.Where(type => !NatsSubjects.Covers(nats.Subjects, type)).Select(type => type.ToWireName()).ToList();
            if (uncovered.Count > 0)
            {
                Error("sinks.nats.subjects", $"do not capture every subject of {string.Join(", ", uncovered)} (published as {{data_type}}.{{exchange}}.{{market_type}}.{{symbol}}); add e.g. `{uncovered[0]}.>`, or list the type in sinks.nats.core_data_types");
            }

            var captured = nats.CoreDataTypes
                .Where(name => WireNames.TryParseDataType(name, out var type) && NatsSubjects.Overlaps(nats.Subjects, type))
                .ToList();
            if (captured.Count > 0)
            {
                Error("sinks.nats.subjects", $"capture {string.Join(", ", captured)}, which sinks.nats.core_data_types publishes with core NATS: the stream would store them anyway; narrow the subjects");
            }
        }

        if (nats.Replicas is < 1 or > MaxNatsReplicas)
        {
            Error("sinks.nats.replicas", $"must be from 1 to {MaxNatsReplicas}, got {nats.Replicas}");
        }

        Positive("sinks.nats.max_age", nats.MaxAge, isTimer: false);
        if (nats.MaxBytes.Bytes <= 0)
        {
            Error("sinks.nats.max_bytes", $"must be positive, got {nats.MaxBytes}");
        }

        Positive("sinks.nats.duplicate_window", nats.DuplicateWindow, isTimer: false);
        if (nats.DuplicateWindow > TimeSpan.Zero && nats.MaxAge > TimeSpan.Zero && nats.DuplicateWindow > nats.MaxAge)
        {
            Error("sinks.nats.duplicate_window", $"must not exceed sinks.nats.max_age ({Format(nats.MaxAge)}), got {Format(nats.DuplicateWindow)}");
        }

        Positive("sinks.nats.max_in_flight", nats.MaxInFlight);
        Positive("sinks.nats.ack_timeout", nats.AckTimeout);
    }

    private void ValidateClickHouse(ClickHouseSinkOptions clickHouse)
    {
        Url("sinks.clickhouse.url", clickHouse.Url, HttpSchemes);
        if (!ClickHouseTables.IsIdentifier(clickHouse.Database))
        {
            Error("sinks.clickhouse.database", $"must be a plain identifier (letters, digits and `_`, not starting with a digit), got `{clickHouse.Database}`");
        }

        if (string.IsNullOrWhiteSpace(clickHouse.User))
        {
            Error("sinks.clickhouse.user", "must not be empty (ClickHouse's built-in user is `default`)");
        }

        Positive("sinks.clickhouse.request_timeout", clickHouse.RequestTimeout);
        if (clickHouse.InsertInterval < TimeSpan.Zero || clickHouse.InsertInterval > TimeSpan.FromMinutes(1))
        {
            // Records wait in memory this long: longer than a minute only delays data and risks more at a crash.
            Error("sinks.clickhouse.insert_interval", $"must be between 0 (insert every batch) and 1m, got {Format(clickHouse.InsertInterval)}");
        }

        if (clickHouse.InsertMaxRows is < 1 or > 1_000_000)
        {
            Error("sinks.clickhouse.insert_max_rows", $"must be between 1 and 1000000, got {clickHouse.InsertMaxRows}");
        }
        if (string.IsNullOrWhiteSpace(clickHouse.DeadLetterDirectory))
        {
            Error("sinks.clickhouse.dead_letter_directory", "must not be empty (it is where rows ClickHouse refuses for good are kept for replay-dead-letters)");
        }

        if (clickHouse.DeadLetterMaxSize.Bytes <= 0)
        {
            Error("sinks.clickhouse.dead_letter_max_size", $"must be positive, got {clickHouse.DeadLetterMaxSize}");
        }
    }

    private void ValidateSinkSetAndSpool(SinksOptions sinks)
    {
        if (!sinks.File.Enabled && !sinks.Nats.Enabled && !sinks.Clickhouse.Enabled)
        {
            Error("sinks", "every sink is disabled; enable at least one of sinks.file, sinks.nats, sinks.clickhouse");
        }

        var spool = sinks.Spool;
        if (string.IsNullOrWhiteSpace(spool.Directory))
        {
            Error("sinks.spool.directory", "must not be empty");
        }
        else if (!string.IsNullOrWhiteSpace(sinks.File.Directory) && IsSameOrInside(spool.Directory, sinks.File.Directory))
        {
            Error("sinks.spool.directory", $"must not be the file store's directory or inside it (sinks.file.directory is `{sinks.File.Directory}`): spool files would look like stored data");
        }

        if (spool.MaxSize.Bytes <= 0)
        {
            Error("sinks.spool.max_size", $"must be positive, got {spool.MaxSize}");
        }
    }

    private static bool IsSameOrInside(string path, string directory)
    {
        var full = Path.GetFullPath(path).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        var root = Path.GetFullPath(directory).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        return full.StartsWith(root, StringComparison.Ordinal);
    }

    private void ValidateConnections(ConnectionOptions connections)
    {
        Positive("connections.max_lifetime", connections.MaxLifetime);
        Positive("connections.reconnect_base_delay", connections.ReconnectBaseDelay);
        Positive("connections.reconnect_max_delay", connections.ReconnectMaxDelay);
        Positive("connections.connect_timeout", connections.ConnectTimeout);
        Positive("connections.no_data_timeout", connections.NoDataTimeout);
        if (connections.StallFactor < 2)
        {
            Error("connections.stall_factor", $"must be at least 2, got {connections.StallFactor}");
        }

        Positive("connections.stall_floor", connections.StallFloor);
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

            if (!Scheduling.JobSchedule.TryParse(job.Interval, out _, out var scheduleError))
            {
                Error(KeyPath.Child(path, "interval"), scheduleError);
            }

            if (job.StartJitter < TimeSpan.Zero)
            {
                Error(KeyPath.Child(path, "start_jitter"), $"must not be negative, got {job.StartJitter}");
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

    private void ValidateRest(RestOptions rest)
    {
        Positive("rest.timeout", rest.Timeout);
        if (rest.MaxRetries is < 0 or > 10)
        {
            Error("rest.max_retries", $"must be from 0 to 10, got {rest.MaxRetries}");
        }

        Positive("rest.retry_base_delay", rest.RetryBaseDelay);
        Positive("rest.retry_max_delay", rest.RetryMaxDelay);
        if (rest.RetryBaseDelay > rest.RetryMaxDelay)
        {
            Error("rest.retry_base_delay", $"must not exceed rest.retry_max_delay ({rest.RetryMaxDelay}), got {rest.RetryBaseDelay}");
        }

        if (rest.CircuitFailureRatio is <= 0 or > 1)
        {
            Error("rest.circuit_failure_ratio", $"must be above 0 and at most 1, got {rest.CircuitFailureRatio}");
        }

        if (rest.CircuitMinimumThroughput < 2)
        {
            Error("rest.circuit_minimum_throughput", $"must be at least 2, got {rest.CircuitMinimumThroughput}");
        }

        Positive("rest.circuit_break_duration", rest.CircuitBreakDuration);
    }

    private void ValidateHealth(HealthOptions health)
    {
        if (health.ConnectionSilence < TimeSpan.Zero || (health.ConnectionSilence > TimeSpan.Zero && health.ConnectionSilence < TimeSpan.FromSeconds(1)))
        {
            // Below a second every connection would read dead between two frames of a calm market.
            Error("health.connection_silence", $"must be 0 (derived from the venue's heartbeat) or at least 1s, got {health.ConnectionSilence}");
        }

        if (health.GracePeriod < TimeSpan.Zero)
        {
            Error("health.grace_period", $"must not be negative, got {health.GracePeriod}");
        }

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

    /// <summary>
    /// 24 days: the longest wait every timer a duration drives accepts (<c>HttpClient.Timeout</c> takes at most
    /// int.MaxValue ms, about 24.8 days; <c>CancelAfter</c> and <c>Task.Delay</c> about 49.7 days). A longer one
    /// passed validation and then threw when the collector used it (<c>shutdown_timeout: 100d</c> at shutdown).
    /// </summary>
    private static readonly TimeSpan LongestTimer = TimeSpan.FromDays(24);

    /// <param name="isTimer">False for a duration only sent to a server (a NATS stream's age), which may be longer.</param>
    private void Positive(string path, TimeSpan value, bool isTimer = true)
    {
        if (value <= TimeSpan.Zero)
        {
            Error(path, $"must be a positive duration, got {Format(value)}");
        }
        else if (isTimer && value > LongestTimer)
        {
            Error(path, $"must be at most {Format(LongestTimer)}, got {Format(value)}");
        }
    }

    private void NotNegative(string path, TimeSpan value)
    {
        if (value < TimeSpan.Zero)
        {
            Error(path, $"must not be negative, got {value}");
        }
        else if (value > LongestTimer)
        {
            Error(path, $"must be at most {Format(LongestTimer)}, got {Format(value)}");
        }
    }

    private void Error(string path, string message) => _diagnostics.RuleError(path, message);

    void IConfigReport.Error(string keyPath, string message) => Error(keyPath, message);

    private static string Format(TimeSpan value) =>
        value < TimeSpan.Zero ? value.ToString() : Core.Configuration.DurationText.Format(value);

    /// <summary>
    /// <c>BASE-QUOTE-EXPIRY</c>: a dated contract named by its exchange spelling with the expiry as a third part
    /// (OKX <c>BTC-USD-220527</c>); three non-empty runs of A-Z/0-9 joined by dashes.
    /// </summary>
    internal static bool IsDatedContractSymbol(string symbol)
    {
        var dash = symbol.LastIndexOf('-');
        if (dash <= 0 || dash == symbol.Length - 1 || !IsNormalizedSymbol(symbol[..dash]))
        {
            return false;
        }

        foreach (var c in symbol.AsSpan(dash + 1))
        {
            if (!char.IsAsciiDigit(c) && !char.IsAsciiLetterUpper(c))
            {
                return false;
            }
        }

        return true;
    }

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
