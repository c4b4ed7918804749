using System.Buffers;
using System.Globalization;
using System.Text.Json;
using MarketPrism.Core.Model;
using MarketPrism.Core.Serialization;
using MarketPrism.Core.Sinks;
using Microsoft.Extensions.Logging;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace MarketPrism.Sinks.Nats;

/// <summary>
/// Publishes every record to NATS as the JSON form <c>normalize</c> prints (milliseconds), on
/// <c>{data_type}.{exchange}.{market_type}.{symbol}</c> (<see cref="NatsSubjects"/>), with the headers of
/// <see cref="NatsMessageHeaders"/>. JetStream data types are published with <c>Nats-Msg-Id</c> = the record key
/// (<see cref="RecordKey"/>), up to <see cref="NatsSinkOptions.MaxInFlight"/> at a time, and
/// <see cref="WriteAsync"/> returns only when the stream acknowledged every one of them; core data types are
/// published and then confirmed with a PING round trip (the server has read them; no subscriber is guaranteed).
/// <para>
/// A write that fails leaves an unknown part of the batch stored; the pipeline re-sends the whole batch and the
/// server drops the copies it already has within <see cref="NatsSinkOptions.DuplicateWindow"/>. While the server is
/// unreachable, writes fail at once instead of waiting, so the pipeline spools them.
/// </para>
/// </summary>
public sealed class NatsSink : IRecordSink
{
    private readonly NatsSinkOptions _options;
    private readonly ILogger _logger;
    private readonly NatsConnection _connection;
    private readonly NatsJSContext _jetStream;
    private readonly bool[] _isCore = new bool[WireNames.AllDataTypes.Count];
    private readonly Dictionary<(Core.Instruments.Instrument, DataType), string> _subjects = [];
    private readonly ArrayBufferWriter<byte> _payloads = new(64 * 1024);
    private readonly List<(int Start, int Length)> _ranges = [];
    private readonly string _schemaVersion = RecordSchema.Version.ToString(CultureInfo.InvariantCulture);
    private Utf8JsonWriter? _json;
    private bool _streamReady;
    private int _disposed;

    public NatsSink(NatsSinkOptions options, string clientName, ILogger<NatsSink> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        _options = options;
        _logger = logger;
        foreach (var name in options.CoreDataTypes)
        {
            if (!WireNames.TryParseDataType(name, out var dataType))
            {
                throw new ArgumentException($"sinks.nats.core_data_types: unknown data type '{name}'.", nameof(options));
            }

            _isCore[(int)dataType] = true;
        }

        StreamSubjects = options.Subjects.Count > 0
            ? [.. options.Subjects]
            : [.. WireNames.AllDataTypes.Where(type => !_isCore[(int)type]).Select(type => type.ToWireName() + ".>")];

        _connection = new NatsConnection(NatsOpts.Default with
        {
            Url = options.Url,
            Name = clientName,
            // Failures surface through WriteAsync (and the pipeline's spool), not by waiting inside the client.
            RetryOnInitialConnect = false,
            MaxReconnectRetry = -1,
            ReconnectWaitMin = TimeSpan.FromMilliseconds(250),
            ReconnectWaitMax = TimeSpan.FromSeconds(2),
            ConnectTimeout = options.AckTimeout,
            RequestTimeout = options.AckTimeout,
        });
        _connection.ConnectionDisconnected += OnDisconnectedAsync;
        _connection.ConnectionOpened += OnOpenedAsync;
        _jetStream = new NatsJSContext(_connection);
    }

    /// <inheritdoc/>
    public string Name => "nats";

    /// <summary>The subjects the stream captures: the configured ones, or one <c>{data_type}.&gt;</c> per JetStream data type.</summary>
    public IReadOnlyList<string> StreamSubjects { get; }

    /// <summary>Messages the stream stored, and second copies it dropped by <c>Nats-Msg-Id</c>; readable from any thread.</summary>
    public NatsSinkStatistics Statistics { get; } = new();

    /// <summary>
    /// Connects and creates or updates the stream. An unreachable server is not an error here (the pipeline spools
    /// until it answers, and the stream is set up before the first publish); a server that answers but refuses the
    /// stream (JetStream disabled, a conflicting stream, a setting it cannot change) is.
    /// </summary>
    public async ValueTask StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await EnsureReadyAsync(cancellationToken);
        }
        catch (Exception ex) when (IsUnreachable(ex))
        {
            NatsSinkLog.UnreachableAtStart(_logger, _options.Url, ex.Message);
        }
    }

    /// <summary>
    /// Publishes <paramref name="batch"/> and returns when the server confirmed all of it; throws when any record
    /// may not be stored (the batch is then retried as a whole).
    /// </summary>
    public async ValueTask WriteAsync(IReadOnlyList<MarketRecord> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (batch.Count == 0)
        {
            return;
        }

        try
        {
            await EnsureReadyAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not SinkUnavailableException && IsUnreachable(ex) && !cancellationToken.IsCancellationRequested)
        {
            throw new SinkUnavailableException($"NATS at {_options.Url} is unreachable: {ex.Message}", ex);
        }

        SerializePayloads(batch);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.AckTimeout);
        var token = timeout.Token;

        var pending = new Queue<(Task<PubAckResponse> Ack, int Index)>(Math.Min(batch.Count, _options.MaxInFlight));
        var hasCore = false;
        Exception? failure = null;
        long stored = 0;
        long duplicates = 0;
        for (var i = 0; i < batch.Count && failure is null; i++)
        {
            var record = batch[i];
            var subject = SubjectOf(record);
            var key = RecordKey.For(record);
            var payload = PayloadOf(i);
            var headers = new NatsHeaders
            {
                [NatsMessageHeaders.ContentType] = NatsMessageHeaders.JsonContentType,
                [NatsMessageHeaders.SchemaVersion] = _schemaVersion,
            };
            try
            {
                if (_isCore[(int)record.DataType])
                {
                    headers[NatsMessageHeaders.MessageId] = key;
                    hasCore = true;
                    await _connection.PublishAsync(subject, payload, headers, cancellationToken: token);
                    continue;
                }

                if (pending.Count >= _options.MaxInFlight)
                {
                    var (ack, index) = pending.Dequeue();
                    Count(await ack, batch[index], ref stored, ref duplicates);
                }

                pending.Enqueue((_jetStream.PublishAsync(
                    subject, payload, opts: new NatsJSPubOpts { MsgId = key, RetryAttempts = 1 }, headers: headers, cancellationToken: token).AsTask(), i));
            }
            catch (Exception ex)
            {
                failure = ex;
            }
        }

        // Every publish is awaited, even after a failure: the payload buffer is reused only once none is in flight.
        while (pending.Count > 0)
        {
            var (ack, index) = pending.Dequeue();
            try
            {
                Count(await ack, batch[index], ref stored, ref duplicates);
            }
            catch (Exception ex)
            {
                failure ??= ex;
            }
        }

        if (failure is null && hasCore)
        {
            try
            {
                // The server answers a PING after it has read everything sent before it on this connection.
                await _connection.PingAsync(token);
            }
            catch (Exception ex)
            {
                failure = ex;
            }
        }

        Statistics.Add(stored, duplicates);
        if (failure is NatsJSPublishNoResponseException)
        {
            // No stream answered: it was deleted (or its subjects changed) behind our back; set it up again first.
            _streamReady = false;
        }

        if (failure is not null)
        {
            throw Describe(failure, timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested);
        }
    }

    /// <summary>Nothing is buffered: every write already waited for its acks.</summary>
    public ValueTask FlushAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _connection.ConnectionDisconnected -= OnDisconnectedAsync;
        _connection.ConnectionOpened -= OnOpenedAsync;
        await _connection.DisposeAsync();
        if (_json is not null)
        {
            await _json.DisposeAsync();
        }

        NatsSinkLog.Closed(_logger, Statistics.Stored, Statistics.Duplicates);
    }

    private async ValueTask EnsureReadyAsync(CancellationToken cancellationToken)
    {
        switch (_connection.ConnectionState)
        {
            case NatsConnectionState.Open:
                break;
            case NatsConnectionState.Closed:
                // One attempt per write: while the server is down the pipeline spools and retries with backoff.
                await _connection.ConnectAsync();
                break;
            default:
                throw new SinkUnavailableException($"NATS at {_options.Url} is not connected ({_connection.ConnectionState.ToString().ToLowerInvariant()}).");
        }

        if (_streamReady)
        {
            return;
        }

        if (StreamSubjects.Count == 0)
        {
            // Every data type goes out with core NATS: there is nothing for a stream to capture.
            _streamReady = true;
            return;
        }

        var config = new StreamConfig(_options.Stream, [.. StreamSubjects])
        {
            Storage = _options.Storage == NatsStreamStorage.Memory ? StreamConfigStorage.Memory : StreamConfigStorage.File,
            NumReplicas = _options.Replicas,
            MaxAge = _options.MaxAge,
            MaxBytes = _options.MaxBytes.Bytes,
            DuplicateWindow = _options.DuplicateWindow,
            Discard = StreamConfigDiscard.Old,
            Description = "Normalized market data published by MarketPrism",
        };
        try
        {
            var stream = await _jetStream.CreateOrUpdateStreamAsync(config, cancellationToken);
            NatsSinkLog.StreamReady(_logger, _options.Stream, string.Join(", ", StreamSubjects), stream.Info.State.Messages, _options.Url);
        }
        catch (NatsJSApiException ex)
        {
            throw new InvalidOperationException(
                $"NATS refused stream {_options.Stream} ({string.Join(", ", StreamSubjects)}): {ex.Error.Description} (JetStream error {ex.Error.ErrCode}).", ex);
        }
        catch (NatsNoRespondersException ex)
        {
            throw new InvalidOperationException($"NATS at {_options.Url} has JetStream disabled; start nats-server with -js (or use core_data_types for every type).", ex);
        }

        _streamReady = true;
    }

    private void SerializePayloads(IReadOnlyList<MarketRecord> batch)
    {
        _payloads.ResetWrittenCount();
        _ranges.Clear();
        if (_json is null)
        {
            _json = new Utf8JsonWriter(_payloads);
        }
        else
        {
            _json.Reset(_payloads);
        }

        for (var i = 0; i < batch.Count; i++)
        {
            var start = _payloads.WrittenCount;
            RecordJsonWriter.Write(_json, batch[i], TimestampPrecision.Milliseconds);
            _json.Flush();
            _json.Reset(_payloads);
            _ranges.Add((start, _payloads.WrittenCount - start));
        }
    }

    private ReadOnlyMemory<byte> PayloadOf(int index)
    {
        var (start, length) = _ranges[index];
        return _payloads.WrittenMemory.Slice(start, length);
    }

    private string SubjectOf(MarketRecord record)
    {
        var key = (record.Instrument, record.DataType);
        if (!_subjects.TryGetValue(key, out var subject))
        {
            subject = NatsSubjects.For(record.DataType, record.Instrument);
            _subjects.Add(key, subject);
        }

        return subject;
    }

    private static void Count(PubAckResponse ack, MarketRecord record, ref long stored, ref long duplicates)
    {
        if (ack.Error is { } error)
        {
            throw new InvalidOperationException($"JetStream rejected {RecordKey.For(record)}: {error.Description} (error {error.ErrCode}).");
        }

        if (ack.Duplicate)
        {
            duplicates++;
        }
        else
        {
            stored++;
        }
    }

    private Exception Describe(Exception failure, bool timedOut)
    {
        if (timedOut)
        {
            return new SinkUnavailableException($"NATS at {_options.Url} did not acknowledge the batch within {_options.AckTimeout.TotalSeconds:0.###}s.", failure);
        }

        return IsUnreachable(failure)
            ? new SinkUnavailableException($"NATS at {_options.Url} is unreachable: {failure.Message}", failure)
            : failure;
    }

    private static bool IsUnreachable(Exception ex) =>
        ex is SinkUnavailableException or NatsException or TimeoutException or System.Net.Sockets.SocketException or OperationCanceledException
        && ex is not NatsJSApiException;

    private ValueTask OnDisconnectedAsync(object? sender, NatsEventArgs args)
    {
        NatsSinkLog.Disconnected(_logger, _options.Url, args.Message);
        return ValueTask.CompletedTask;
    }

    private ValueTask OnOpenedAsync(object? sender, NatsEventArgs args)
    {
        NatsSinkLog.Connected(_logger, _options.Url);
        return ValueTask.CompletedTask;
    }
}
