using System.CommandLine;
using System.Text.Json;
using System.Web;
using MarketPrism.Core.Model;
using MarketPrism.Core.Recordings;
using MarketPrism.Core.Serialization;
using MarketPrism.Exchanges;
using MarketPrism.Exchanges.Abstractions;

namespace MarketPrism.Collector.Cli;

/// <summary>
/// <c>normalize</c>: reads raw exchange frames (one JSON frame per line, or cryptofeed's capture format, including its
/// REST depth responses) and prints normalized records as JSON lines. Stateless: every depth diff becomes a
/// <c>book_delta</c>, and every REST depth response and every full book a venue sends in-band (Deribit, OKX and
/// Bybit snapshots) a <c>book_snapshot</c>; no book is kept.
/// </summary>
internal static class NormalizeCommand
{
    public static Command Create()
    {
        var exchange = new Option<string>("--exchange", "-e") { Description = "Exchange of the frames: " + string.Join(", ", VenueCatalog.Exchanges), Required = true };
        var market = new Option<string>("--market", "-m") { Description = "Market of the frames: " + string.Join(", ", WireNames.MarketTypeWireNames) + " (as the venue offers them).", Required = true };
        var input = new Option<FileInfo?>("--input", "-i") { Description = "File to read. Default: standard input." };
        var command = new Command("normalize", "Turn raw exchange frames into normalized records (JSON lines on stdout; bad frames on stderr).")
        {
            exchange, market, input,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var file = result.GetValue(input);
            await using var stream = file is null ? Console.OpenStandardInput() : file.OpenRead();
            await using var stdout = Console.OpenStandardOutput();
            return await RunAsync(result.GetValue(exchange)!, result.GetValue(market)!, stream, stdout, Console.Error, TimeProvider.System, cancellationToken);
        });
        return command;
    }

    public static async Task<int> RunAsync(
        string exchange, string market, Stream input, Stream output, TextWriter errors, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!WireNames.TryParseMarketType(market, out var marketType) || !VenueCatalog.TryGet(exchange, marketType, out var venue))
        {
            await errors.WriteLineAsync($"normalize: no venue '{exchange}' with market '{market}'. Known: {string.Join(", ", VenueCatalog.All.Select(v => $"{v.Exchange}/{v.MarketType.ToWireName()}"))}");
            return ExitCodes.InvalidConfiguration;
        }

        var instruments = venue.CreateInstrumentTable([]);
        var parser = venue.CreateParser(instruments);
        var records = new List<MarketRecord>();
        var buffered = new BufferedStream(output, 1 << 16);
        await using var writer = new Utf8JsonWriter(buffered, new JsonWriterOptions { SkipValidation = true });
        long frames = 0, written = 0, ignored = 0, failed = 0;

        await foreach (var entry in CaptureReader.ReadStreamAsync(input, cancellationToken))
        {
            if (entry.Kind is CaptureEntryKind.Connect or CaptureEntryKind.Sent)
            {
                continue;
            }

            frames++;
            records.Clear();
            var local = entry.UnixSeconds is { } seconds
                ? DateTime.UnixEpoch.AddTicks((long)(seconds * TimeSpan.TicksPerSecond))
                : time.GetUtcNow().UtcDateTime;
            string? error;
            if (entry.Kind == CaptureEntryKind.HttpResponse)
            {
                error = NormalizeRestResponse(venue, instruments, entry, local, records, out var skipped);
                ignored += skipped ? 1 : 0;
            }
            else
            {
                var result = parser.Parse(entry.Payload.Span, local, records);
                error = result.Kind == FrameKind.Malformed ? result.Error ?? "malformed" : null;
                ignored += result.Kind is FrameKind.Ignored or FrameKind.SubscriptionAck or FrameKind.Heartbeat ? 1 : result.SkippedElements;
            }

            if (error is not null)
            {
                failed++;
                await errors.WriteLineAsync($"line {entry.LineNumber}: {error}");
                continue;
            }

            foreach (var record in records)
            {
                RecordJsonWriter.Write(writer, record is BookDeltaRecord { IsSnapshot: true } full ? AsSnapshot(full) : record);
                writer.Flush();
                writer.Reset();
                buffered.WriteByte((byte)'\n');
                written++;
            }
        }

        await buffered.FlushAsync(cancellationToken);
        await errors.WriteLineAsync($"normalize: {frames} frames, {written} records, {ignored} ignored, {failed} failed");
        return failed == 0 ? ExitCodes.Success : ExitCodes.Failure;
    }

    /// <summary>A full book sent in-band is a snapshot of every level it holds, not a change.</summary>
    private static BookSnapshotRecord AsSnapshot(BookDeltaRecord full) => new()
    {
        Instrument = full.Instrument,
        Timestamp = full.Timestamp,
        LocalTimestamp = full.LocalTimestamp,
        Bids = full.Bids,
        Asks = full.Asks,
        FirstUpdateId = full.LastUpdateId,
        LastUpdateId = full.LastUpdateId,
        Depth = Math.Max(full.Bids.Length, full.Asks.Length),
    };

    /// <summary>REST depth responses become snapshots; other recorded REST bodies are skipped.</summary>
    private static string? NormalizeRestResponse(
        IExchangeVenue venue, InstrumentTable instruments, CaptureEntry entry, DateTime local, List<MarketRecord> records, out bool skipped)
    {
        skipped = false;
        if (entry.Url is null || !Uri.TryCreate(entry.Url, UriKind.Absolute, out var url) || !url.AbsolutePath.EndsWith("/depth", StringComparison.Ordinal))
        {
            skipped = true;
            return null;
        }

        var symbol = HttpUtility.ParseQueryString(url.Query)["symbol"];
        if (symbol is null || !instruments.TryGet(symbol, out var instrument))
        {
            return $"depth response for an unknown symbol '{symbol}'";
        }

        try
        {
            var snapshot = venue.ParseValidatedDepthSnapshot(entry.Payload.Span, local);
            records.Add(new BookSnapshotRecord
            {
                Instrument = instrument,
                Timestamp = snapshot.Timestamp,
                LocalTimestamp = snapshot.LocalTimestamp,
                Bids = snapshot.Bids,
                Asks = snapshot.Asks,
                FirstUpdateId = snapshot.LastUpdateId,
                LastUpdateId = snapshot.LastUpdateId,
                Depth = Math.Max(snapshot.Bids.Length, snapshot.Asks.Length),
            });
            return null;
        }
        catch (FormatException ex)
        {
            return ex.Message;
        }
    }
}
