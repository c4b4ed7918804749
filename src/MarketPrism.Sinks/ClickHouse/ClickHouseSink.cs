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
/// JSONEachRow</c> per table that has rows (<see cref="ClickHouseTables"/>), each atomic on the server. The database
/// and tables are created at start when missing (and again if they disappear). A batch that fails half-way is
/// inserted again as a whole; the tables' ReplacingMergeTree engine collapses the rows inserted twice by their record
/// key, so a retry never leaves a duplicate after ClickHouse merges (queries see one copy at once with <c>FINAL</c>).
/// </summary>
public sealed class ClickHouseSink : IRecordSink
{
    private const int MaxErrorLength = 500;

    private readonly ClickHouseSinkOptions _options;
    private readonly ILogger _logger;
    private readonly HttpClient _http;
    private readonly Uri _endpoint;
    private readonly Dictionary<string, TableBuffer> _tables = new(StringComparer.Ordinal);
    private bool _schemaReady;
    private bool _disposed;

    public ClickHouseSink(ClickHouseSinkOptions options, ILogger<ClickHouseSink> logger)
        : this(options, logger, new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), ConnectTimeout = TimeSpan.FromSeconds(5) })
    {
    }

    internal ClickHouseSink(ClickHouseSinkOptions options, ILogger<ClickHouseSink> logger, HttpMessageHandler handler)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        if (!ClickHouseTables.IsIdentifier(options.Database))
        {
            throw new ArgumentException($"sinks.clickhouse.database '{options.Database}' is not a plain identifier.", nameof(options));
        }

        _options = options;
        _logger = logger;
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

    /// <summary>
    /// Creates the database and tables when missing. An unreachable server is not an error here (the pipeline spools
    /// until it answers and the tables are created before the first insert); a server that refuses the statements
    /// (wrong password, no rights) is.
    /// </summary>
    public async ValueTask StartAsync(CancellationToken cancellationToken)
    {
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

        try
        {
            foreach (var buffer in _tables.Values)
            {
                if (buffer.Rows > 0)
                {
                    await InsertAsync(buffer, cancellationToken);
                    Statistics.AddInserted(buffer.Rows);
                }
            }
        }
        catch (ClickHouseServerException ex) when (ex.IsMissingSchema)
        {
            // Someone dropped a table or the database: create them again before the retry.
            _schemaReady = false;
            throw;
        }

        Statistics.AddUnrepresentable(unrepresentable);
    }

    /// <summary>Nothing is buffered: every insert was answered before its write returned.</summary>
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

        await ExecuteAsync(ClickHouseTables.CreateDatabase(_options.Database), cancellationToken);
        foreach (var table in ClickHouseTables.All)
        {
            await ExecuteAsync(ClickHouseTables.CreateTable(_options.Database, table), cancellationToken);
        }

        var version = (await ExecuteAsync("SELECT version()", cancellationToken)).Trim();
        ClickHouseSinkLog.SchemaReady(_logger, _options.Database, ClickHouseTables.All.Count, version, _options.Url);
        _schemaReady = true;
    }

    private async Task InsertAsync(TableBuffer buffer, CancellationToken cancellationToken)
    {
        var query = $"INSERT INTO {buffer.Table} FORMAT JSONEachRow";
        var uri = new Uri(_endpoint, $"?database={Uri.EscapeDataString(_options.Database)}&query={Uri.EscapeDataString(query)}");
        using var content = new ReadOnlyMemoryContent(buffer.Rows == 0 ? ReadOnlyMemory<byte>.Empty : buffer.Written);
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

            throw new ClickHouseServerException(ParseCode(body), (int)response.StatusCode, $"ClickHouse refused `{Shorten(what)}`: {Shorten(body)}");
        }
    }

    /// <summary>ClickHouse starts error bodies with <c>Code: 60, e.displayText() = ...</c>.</summary>
    private static int ParseCode(string body)
    {
        const string prefix = "Code: ";
        if (!body.StartsWith(prefix, StringComparison.Ordinal))
        {
            return 0;
        }

        var end = body.IndexOf(',', StringComparison.Ordinal);
        return end > prefix.Length && int.TryParse(body.AsSpan(prefix.Length, end - prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var code)
            ? code
            : 0;
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
