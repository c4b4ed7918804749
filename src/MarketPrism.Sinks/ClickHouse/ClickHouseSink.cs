using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using MarketPrism.Core.Model;
using MarketPrism.Core.Sinks;
using Microsoft.Extensions.Logging;

namespace MarketPrism.Sinks.ClickHouse;

/// <summary>
/// Inserts records into ClickHouse over its HTTP interface: per batch, one <c>INSERT INTO {table} FORMAT
/// JSONEachRow</c> per table that has rows (<see cref="ClickHouseTables"/>), each atomic on the server, all of a
/// batch's tables at once. The database and tables are created at start when missing (and again if they disappear),
/// and every existing table is checked against the schema MarketPrism writes (<see cref="ClickHouseTableCheck"/>).
/// <para>
/// A transient failure of any table (unreachable, timeout, overload, too many parts) fails the whole write: the
/// runner retries or spools the batch, and the tables' ReplacingMergeTree engine collapses the rows inserted twice by
/// their record key, so a retry never leaves a duplicate after ClickHouse merges (queries see one copy at once with
/// <c>FINAL</c>). A table that does not match the schema, or whose rows ClickHouse refuses for good
/// (<see cref="ClickHouseErrors.IsPermanent"/>), fails alone: its rows go to dead-letter files
/// (<see cref="ClickHouseDeadLetters"/>) and the write succeeds for the others, so a broken table neither blocks the
/// rest nor fills the spool. A failed table is checked again every <see cref="RecheckInterval"/>.
/// </para>
/// </summary>
public sealed class ClickHouseSink : IRecordSink
{
    /// <summary>How often a table that failed the schema check is checked again (so fixing it needs no restart).</summary>
    public static readonly TimeSpan RecheckInterval = TimeSpan.FromSeconds(30);

    private const int MaxErrorLength = 500;

    private readonly ClickHouseSinkOptions _options;
    private readonly ILogger _logger;
    private readonly HttpClient _http;
    private readonly Uri _endpoint;
    private readonly Dictionary<string, TableBuffer> _tables = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private bool _schemaReady;
    private bool _sortingKeysChecked;
    private bool _disposed;

    public ClickHouseSink(ClickHouseSinkOptions options, ILogger<ClickHouseSink> logger, TimeProvider? time = null)
        : this(options, logger, new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), ConnectTimeout = TimeSpan.FromSeconds(5) }, time)
    {
    }

    internal ClickHouseSink(ClickHouseSinkOptions options, ILogger<ClickHouseSink> logger, HttpMessageHandler handler, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        if (!ClickHouseTables.IsIdentifier(options.Database))
        {
            throw new ArgumentException($"sinks.clickhouse.database '{options.Database}' is not a plain identifier.", nameof(options));
        }

        _options = options;
        _logger = logger;
        _time = time ?? TimeProvider.System;
        DeadLetters = new ClickHouseDeadLetters(options.DeadLetterDirectory, _time, options.DeadLetterMaxSize.Bytes);
        _endpoint = new Uri(options.Url.EndsWith('/') ? options.Url : options.Url + "/");
        _http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.Add("X-ClickHouse-User", options.User);
        if (options.Password.Length > 0)
        {
            _http.DefaultRequestHeaders.Add("X-ClickHouse-Key", options.Password);
        }

        foreach (var table in ClickHouseTables.All)
        {
            _tables.Add(table, new TableBuffer(table));
        }
    }

    /// <inheritdoc/>
    public string Name => "clickhouse";

    /// <summary>Rows inserted (retries included) and records kept whole in <see cref="ClickHouseTables.Unrepresentable"/>.</summary>
    public ClickHouseSinkStatistics Statistics { get; } = new();

    /// <summary>The DDL tables are created with, decided by the server's version at start (<see cref="ClickHouseTables.DdlFor"/>).</summary>
    public ClickHouseDdl Ddl { get; private set; } = ClickHouseDdl.Compatible;

    /// <summary>Where refused rows are kept until they are replayed.</summary>
    public ClickHouseDeadLetters DeadLetters { get; }

    /// <summary>
    /// Creates the database and tables when missing. An unreachable server is not an error here (the pipeline spools
    /// until it answers and the tables are created before the first insert); a server that refuses the statements
    /// (wrong password, no rights) is.
    /// </summary>
    public async ValueTask StartAsync(CancellationToken cancellationToken)
    {
        DeadLetters.DeleteTemporaryFiles();
        var waiting = DeadLetters.List();
        if (waiting.Count > 0)
        {
            foreach (var table in waiting.GroupBy(file => file.Table))
            {
                ClickHouseSinkLog.DeadLettersWaiting(_logger, table.Sum(file => file.Rows), table.Key, table.Count(), DeadLetters.Directory);
            }
        }

        try
        {
            await EnsureSchemaAsync(cancellationToken);
        }
        catch (SinkUnavailableException ex)
        {
            ClickHouseSinkLog.UnreachableAtStart(_logger, _options.Url, ex.Message);
        }
    }

    public async ValueTask WriteAsync(IReadOnlyList<MarketRecord> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (batch.Count == 0)
        {
            return;
        }

        await EnsureSchemaAsync(cancellationToken);
        await RecheckFailedTablesAsync(cancellationToken);
        foreach (var buffer in _tables.Values)
        {
            buffer.Clear();
        }

        long unrepresentable = 0;
        foreach (var record in batch)
        {
            var key = RecordKey.For(record);
            if (ClickHouseRowEncoder.IsRepresentable(record))
            {
                var buffer = _tables[ClickHouseTables.Of(record.DataType)];
                ClickHouseRowEncoder.Write(buffer.Begin(), record, key);
                buffer.End();
            }
            else
            {
                var buffer = _tables[ClickHouseTables.Unrepresentable];
                ClickHouseRowEncoder.WriteUnrepresentable(buffer.Begin(), record, key);
                buffer.End();
                unrepresentable++;
                ClickHouseSinkLog.Unrepresentable(_logger, key);
            }
        }

        // Every table of the batch at once: a write is one round trip, not one per table.
        var inserts = new List<(TableBuffer Buffer, Task Insert)>();
        var failedTables = new List<TableBuffer>();
        foreach (var buffer in _tables.Values)
        {
            if (buffer.Rows > 0)
            {
                if (buffer.Mismatch is null)
                {
                    inserts.Add((buffer, InsertAsync(buffer, cancellationToken)));
                }
                else
                {
                    failedTables.Add(buffer);
                }
            }
        }

        try
        {
            await Task.WhenAll(inserts.Select(insert => insert.Insert));
        }
        catch (Exception) when (inserts.All(insert => insert.Insert.IsCompleted))
        {
            // Each insert's outcome is looked at below; WhenAll only reports the first.
        }

        Exception? transient = null;
        var refused = new List<(TableBuffer Buffer, ClickHouseServerException Error)>();
        foreach (var (buffer, insert) in inserts)
        {
            if (insert.IsCompletedSuccessfully)
            {
                Statistics.AddInsert(buffer.Table, buffer.Rows);
                continue;
            }

            var error = insert.Exception?.InnerException ?? new OperationCanceledException(cancellationToken);
            if (error is ClickHouseServerException { IsPermanent: true } permanent)
            {
                refused.Add((buffer, permanent));
                continue;
            }

            if (error is ClickHouseServerException { IsMissingSchema: true })
            {
                // Someone dropped a table or the database: create them again before the retry.
                _schemaReady = false;
            }

            transient ??= error;
        }

        if (transient is not null)
        {
            // The runner retries or spools the whole batch; the tables that took it collapse the copies by key.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(transient);
        }

        foreach (var (buffer, insert) in inserts)
        {
            if (insert.IsCompletedSuccessfully && buffer.Refusal is not null)
            {
                buffer.Refusal = null;
                Statistics.SetTableUp(buffer.Table, true);
                ClickHouseSinkLog.TableAcceptsRowsAgain(_logger, _options.Database, buffer.Table, DeadLetters.Directory);
            }
        }

        foreach (var (buffer, error) in refused)
        {
            await OnRefusedAsync(buffer, error, cancellationToken);
        }

        foreach (var buffer in failedTables)
        {
            DeadLetter(buffer, $"table {_options.Database}.{buffer.Table} does not match the schema MarketPrism writes: {buffer.Mismatch}");
        }

        Statistics.AddUnrepresentable(unrepresentable);
    }

    /// <summary>
    /// Nothing is buffered here: every insert was answered before its write returned. (The runner paces writes to
    /// <see cref="ClickHouseSinkOptions.InsertInterval"/> and writes what waits before it flushes.)
    /// </summary>
    public ValueTask FlushAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask DisposeAsync()
    {
        if (!_disposed)
        {
            _disposed = true;
            _http.Dispose();
            foreach (var buffer in _tables.Values)
            {
                buffer.Dispose();
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Runs one statement and returns the answer's body (tests and tools read with it too).</summary>
    internal async Task<string> ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        using var content = new StringContent(sql, Encoding.UTF8, "text/plain");
        return await SendAsync(new Uri(_endpoint, "?database=default"), content, sql, cancellationToken);
    }

    private async ValueTask EnsureSchemaAsync(CancellationToken cancellationToken)
    {
        if (_schemaReady)
        {
            return;
        }

        // The server's version decides the DDL of tables created now: 18.16 cannot parse LowCardinality or codecs.
        var version = (await ExecuteAsync("SELECT version()", cancellationToken)).Trim();
        Ddl = ClickHouseTables.DdlFor(version);
        await ExecuteAsync(ClickHouseTables.CreateDatabase(_options.Database), cancellationToken);
        var createFailures = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var table in ClickHouseTables.All)
        {
            try
            {
                await ExecuteAsync(ClickHouseTables.CreateTable(_options.Database, table, Ddl), cancellationToken);
            }
            catch (ClickHouseServerException ex) when (ex.IsPermanent)
            {
                // This server cannot create this one table: it fails alone (the check below finds it missing).
                createFailures[table] = ex.Message;
            }
        }

        var found = await ReadColumnsAsync(null, cancellationToken);
        if (await AddMissingColumnsAsync(found, cancellationToken))
        {
            found = await ReadColumnsAsync(null, cancellationToken);
        }

        foreach (var buffer in _tables.Values)
        {
            CheckTable(buffer, found.GetValueOrDefault(buffer.Table), createFailures.GetValueOrDefault(buffer.Table));
        }

        await CheckSortingKeysAsync(cancellationToken);

        var failed = _tables.Values.Count(buffer => buffer.Mismatch is not null);
        ClickHouseSinkLog.SchemaReady(_logger, _options.Database, ClickHouseTables.All.Count - failed, ClickHouseTables.All.Count, version, _options.Url);
        _schemaReady = true;
    }

    /// <summary>
    /// Creates (when missing) and checks every table, or the one named, without inserting anything: what
    /// <c>replay-dead-letters</c> does before it replays. Returns each checked table's problems (empty when it matches).
    /// </summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> CheckSchemaAsync(string? table, CancellationToken cancellationToken)
    {
        _schemaReady = false;
        await EnsureSchemaAsync(cancellationToken);
        var problems = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var buffer in _tables.Values)
        {
            if (table is null || string.Equals(table, buffer.Table, StringComparison.Ordinal))
            {
                problems[buffer.Table] = buffer.Mismatch is null ? [] : [buffer.Mismatch];
            }
        }

        return problems;
    }

    /// <summary>Inserts the rows of one dead-letter file into its table as they were first sent.</summary>
    public async Task ReplayAsync(DeadLetterFile file, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        var buffer = _tables[file.Table];
        await InsertAsync(buffer.Table, ClickHouseDeadLetters.ReadRows(file.Path), cancellationToken);
        Statistics.AddInsert(buffer.Table, file.Rows);
    }

    /// <summary>
    /// Warns (once per start) about a table sorted otherwise than MarketPrism creates it: an existing table's sort key
    /// cannot be altered, and its rows are still right, so this is advice, not a failure.
    /// </summary>
    private async Task CheckSortingKeysAsync(CancellationToken cancellationToken)
    {
        if (_sortingKeysChecked)
        {
            return;
        }

        _sortingKeysChecked = true;
        var keys = ClickHouseTableCheck.ParseSortingKeys(await ExecuteAsync(ClickHouseTableCheck.SortingKeysQuery(_options.Database), cancellationToken));
        foreach (var table in ClickHouseTables.All)
        {
            if (keys.TryGetValue(table, out var found) && !ClickHouseTableCheck.SameSortingKey(table, found))
            {
                var consequence = table == "orderbooks" && ClickHouseTableCheck.SameSortingKey("trades", found)
                    ? "the table was created by an earlier MarketPrism, before data_type was in its sort key: a query for a symbol's snapshots reads its deltas too. To move to the new key, see docs/sinks.md (\"Book snapshots\")"
                    : "ReplacingMergeTree collapses rows equal in the table's own sort key, so copies of a record are only collapsed if record_key is in it";
                ClickHouseSinkLog.TableSortingKeyDiffers(_logger, _options.Database, table, found, ClickHouseTables.SortingKey(table), consequence);
            }
        }
    }

    private async Task<Dictionary<string, List<ClickHouseColumn>>> ReadColumnsAsync(string? table, CancellationToken cancellationToken) =>
        ClickHouseTableCheck.ParseColumns(await ExecuteAsync(ClickHouseTableCheck.ColumnsQuery(_options.Database, table), cancellationToken));

    /// <summary>Sets the table's state from its columns, logging only when the state changes.</summary>
    private void CheckTable(TableBuffer buffer, IReadOnlyList<ClickHouseColumn>? columns, string? createFailure = null)
    {
        buffer.CheckedAt = _time.GetTimestamp();
        var problems = ClickHouseTableCheck.Mismatches(buffer.Table, columns);
        var mismatch = problems.Count == 0 ? null : string.Join("; ", problems);
        if (mismatch is not null && createFailure is not null)
        {
            mismatch += $" ({createFailure})";
        }

        if (mismatch is not null)
        {
            if (!string.Equals(mismatch, buffer.Mismatch, StringComparison.Ordinal))
            {
                ClickHouseSinkLog.TableMismatch(_logger, _options.Database, buffer.Table, mismatch, DeadLetters.Directory, RecheckInterval);
            }
        }
        else if (buffer.Mismatch is not null)
        {
            ClickHouseSinkLog.TableMatchesAgain(_logger, _options.Database, buffer.Table, DeadLetters.Directory);
        }
        else if (columns is not null && ClickHouseTableCheck.ExtraColumns(buffer.Table, columns) is { Count: > 0 } extra && !buffer.ExtraReported)
        {
            buffer.ExtraReported = true;
            ClickHouseSinkLog.TableHasExtraColumns(_logger, _options.Database, buffer.Table, string.Join(", ", extra));
        }

        buffer.Mismatch = mismatch;
        Statistics.SetTableUp(buffer.Table, mismatch is null && buffer.Refusal is null);
    }

    private async ValueTask RecheckFailedTablesAsync(CancellationToken cancellationToken)
    {
        foreach (var buffer in _tables.Values)
        {
            if (buffer.Mismatch is not null && _time.GetElapsedTime(buffer.CheckedAt) >= RecheckInterval)
            {
                try
                {
                    // A table dropped to be fixed is created again in the right shape.
                    await ExecuteAsync(ClickHouseTables.CreateTable(_options.Database, buffer.Table, Ddl), cancellationToken);
                }
                catch (ClickHouseServerException ex) when (ex.IsPermanent)
                {
                    // Still cannot be created: the check below keeps it failed.
                }

                var found = await ReadColumnsAsync(buffer.Table, cancellationToken);
                if (await AddMissingColumnsAsync(found, cancellationToken))
                {
                    found = await ReadColumnsAsync(buffer.Table, cancellationToken);
                }

                CheckTable(buffer, found.GetValueOrDefault(buffer.Table));
            }
        }
    }

    /// <summary>
    /// Adds to each existing table of <paramref name="found"/> the columns MarketPrism added after creating it
    /// (<see cref="ClickHouseTables.AddedLater"/>). A column that cannot be added is logged with the statement to run;
    /// the schema check then keeps the table failed. Returns whether any column was added.
    /// </summary>
    private async Task<bool> AddMissingColumnsAsync(Dictionary<string, List<ClickHouseColumn>> found, CancellationToken cancellationToken)
    {
        var added = false;
        foreach (var (table, columns) in found)
        {
            foreach (var column in ClickHouseTables.AddedLater(table))
            {
                if (columns.Count == 0 || columns.Exists(existing => string.Equals(existing.Name, column, StringComparison.Ordinal)))
                {
                    continue;
                }

                var statement = ClickHouseTables.AddColumn(_options.Database, table, column, Ddl);
                try
                {
                    await ExecuteAsync(statement, cancellationToken);
                    ClickHouseSinkLog.ColumnAdded(_logger, column, _options.Database, table);
                    added = true;
                }
                catch (ClickHouseServerException ex) when (ex.IsPermanent)
                {
                    ClickHouseSinkLog.ColumnNotAdded(_logger, column, _options.Database, table, ex.Message, statement);
                }
            }
        }

        return added;
    }

    /// <summary>
    /// A table refused its rows for good: they go to a dead letter. The table is checked again at once, so a table
    /// changed under the running sink stops being sent rows it cannot take.
    /// </summary>
    private async Task OnRefusedAsync(TableBuffer buffer, ClickHouseServerException error, CancellationToken cancellationToken)
    {
        if (buffer.Refusal is null)
        {
            ClickHouseSinkLog.TableRefusesRows(_logger, _options.Database, buffer.Table, error.Code, ClickHouseErrors.NameOf(error.Code), error.Message, DeadLetters.Directory);
        }

        buffer.Refusal = error.Message;
        try
        {
            var found = await ReadColumnsAsync(buffer.Table, cancellationToken);
            CheckTable(buffer, found.GetValueOrDefault(buffer.Table));
        }
        catch (Exception ex) when (ex is SinkUnavailableException or ClickHouseServerException)
        {
            // The check is a courtesy; the rows are dead-lettered either way and the next refusal checks again.
            Statistics.SetTableUp(buffer.Table, false);
        }

        DeadLetter(buffer, $"ClickHouse refused the insert into {_options.Database}.{buffer.Table} with code {error.Code} ({ClickHouseErrors.NameOf(error.Code)}): {error.Message}");
    }

    private void DeadLetter(TableBuffer buffer, string reason)
    {
        if (DeadLetters.Write(buffer.Table, reason, buffer.Rows, buffer.Written) is null)
        {
            // The directory is full: these rows are lost for ClickHouse (the other sinks have them). Said once per
            // table until dead letters can be written again, and counted every time.
            Statistics.AddDeadLetterDropped(buffer.Table, buffer.Rows);
            if (!buffer.DeadLettersFull)
            {
                buffer.DeadLettersFull = true;
                ClickHouseSinkLog.DeadLettersFull(_logger, buffer.Rows, _options.Database, buffer.Table, DeadLetters.Directory, DeadLetters.MaxBytes, reason);
            }

            return;
        }

        if (buffer.DeadLettersFull)
        {
            buffer.DeadLettersFull = false;
            ClickHouseSinkLog.DeadLettersWritableAgain(_logger, _options.Database, buffer.Table, DeadLetters.Directory);
        }

        Statistics.AddDeadLettered(buffer.Table, buffer.Rows);
    }

    private Task InsertAsync(TableBuffer buffer, CancellationToken cancellationToken) =>
        InsertAsync(buffer.Table, buffer.Rows == 0 ? ReadOnlyMemory<byte>.Empty : buffer.Written, cancellationToken);

    private async Task InsertAsync(string table, ReadOnlyMemory<byte> rows, CancellationToken cancellationToken)
    {
        var query = $"INSERT INTO {table} FORMAT JSONEachRow";
        var uri = new Uri(_endpoint, $"?database={Uri.EscapeDataString(_options.Database)}&query={Uri.EscapeDataString(query)}");
        using var content = new ReadOnlyMemoryContent(rows);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
        await SendAsync(uri, content, query, cancellationToken);
    }

    private async Task<string> SendAsync(Uri uri, HttpContent content, string what, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.RequestTimeout);
        HttpResponseMessage response;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = content };
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new SinkUnavailableException(
                $"ClickHouse at {_options.Url} did not answer within {_options.RequestTimeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)}s.", ex);
        }
        catch (HttpRequestException ex)
        {
            throw new SinkUnavailableException($"ClickHouse at {_options.Url} is unreachable: {ex.Message}", ex);
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return body;
            }

            if (response.StatusCode is HttpStatusCode.ServiceUnavailable or HttpStatusCode.BadGateway or HttpStatusCode.GatewayTimeout)
            {
                throw new SinkUnavailableException($"ClickHouse at {_options.Url} answered {(int)response.StatusCode}: {Shorten(body)}");
            }

            var header = response.Headers.TryGetValues("X-ClickHouse-Exception-Code", out var values) ? values.FirstOrDefault() : null;
            throw new ClickHouseServerException(ClickHouseErrors.ParseCode(body, header), (int)response.StatusCode, $"ClickHouse refused `{Shorten(what)}`: {Shorten(body)}");
        }
    }

    private static string Shorten(string text)
    {
        text = text.Trim();
        return text.Length <= MaxErrorLength ? text : string.Concat(text.AsSpan(0, MaxErrorLength), "...");
    }

    /// <summary>The JSONEachRow body of one table's insert, reused from batch to batch.</summary>
    private sealed class TableBuffer : IDisposable
    {
        private readonly ArrayBufferWriter<byte> _buffer = new(16 * 1024);
        private readonly Utf8JsonWriter _writer;

        public TableBuffer(string table)
        {
            Table = table;
            _writer = new Utf8JsonWriter(_buffer);
        }

        public string Table { get; }

        public int Rows { get; private set; }

        /// <summary>What is wrong with the table's columns; while set, its rows skip the insert and go to dead letters.</summary>
        public string? Mismatch { get; set; }

        /// <summary>The last permanent refusal of an insert into the table, until one succeeds.</summary>
        public string? Refusal { get; set; }

        /// <summary>When the table's columns were last checked (<see cref="TimeProvider.GetTimestamp"/>).</summary>
        public long CheckedAt { get; set; }

        public bool ExtraReported { get; set; }

        /// <summary>Whether the table's last refused rows were dropped because the dead-letter directory was full.</summary>
        public bool DeadLettersFull { get; set; }

        public ReadOnlyMemory<byte> Written => _buffer.WrittenMemory;

        public void Clear()
        {
            _buffer.ResetWrittenCount();
            Rows = 0;
        }

        public Utf8JsonWriter Begin()
        {
            _writer.Reset(_buffer);
            return _writer;
        }

        public void End()
        {
            _writer.Flush();
            _buffer.Write("\n"u8);
            Rows++;
        }

        public void Dispose() => _writer.Dispose();
    }
}
