using System.CommandLine;
using System.Text.Json;
using MarketPrism.Core.Configuration;
using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;
using MarketPrism.Core.Recordings;
using MarketPrism.Core.Serialization;
using MarketPrism.Exchanges;
using MarketPrism.Exchanges.Abstractions;

namespace MarketPrism.Collector.Cli;

/// <summary>
/// <c>normalize</c>: reads raw exchange frames (one JSON frame per line, or cryptofeed's capture format, including its
/// REST responses) and prints normalized records as JSON lines. Stateless: every depth diff becomes a
/// <c>book_delta</c>, and every REST depth response and every full book a venue sends in-band (Deribit, OKX and
/// Bybit snapshots) a <c>book_snapshot</c>; no book is kept. A REST response becomes records when it answers a request
/// the collector makes (its exchange's plug-in recognizes it: depth snapshots, funding, open interest, long/short
/// ratios); other recorded REST bodies are ignored. Input is read as bytes and never repaired: a line that is
/// not UTF-8, longer than <c>--max-line-size</c>, or has an impossible receive time is an error with its position and
/// the run goes on; the summary counts every line.
/// </summary>
internal static class NormalizeCommand
{
    public static Command Create()
    {
        var exchange = new Option<string>("--exchange", "-e") { Description = "Exchange of the frames: " + string.Join(", ", VenueCatalog.Exchanges), Required = true };
        var market = new Option<string>("--market", "-m") { Description = "Market of the frames: " + string.Join(", ", WireNames.MarketTypeWireNames) + " (as the venue offers them).", Required = true };
        var input = new Option<FileInfo?>("--input", "-i") { Description = "File to read. Default: standard input." };
        var maxLineSize = new Option<string>("--max-line-size")
        {
            Description = $"Longest input line accepted, e.g. 512KB, 64MB (default {new ByteSize(CaptureStreamReader.DefaultMaxLineBytes)}, at most {new ByteSize(CaptureStreamReader.MaxLineBytesLimit)}). A longer line is reported and skipped without being held in memory.",
        };
        var command = new Command("normalize", "Turn raw exchange frames into normalized records (JSON lines on stdout; bad lines on stderr with the reason, then a summary that counts every line).")
        {
            exchange, market, input, maxLineSize,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var maxLineBytes = CaptureStreamReader.DefaultMaxLineBytes;
            if (result.GetValue(maxLineSize) is { } sizeText)
            {
                if (!ByteSize.TryParse(sizeText, out var size) || size.Bytes > CaptureStreamReader.MaxLineBytesLimit)
                {
                    await Console.Error.WriteLineAsync($"normalize: --max-line-size: expected a size such as 512KB or 64MB, at most {new ByteSize(CaptureStreamReader.MaxLineBytesLimit)}, got '{sizeText}'.");
                    return ExitCodes.InvalidConfiguration;
                }

                maxLineBytes = (int)size.Bytes;
            }

            var file = result.GetValue(input);
            Stream stream;
            try
            {
                stream = file is null ? Console.OpenStandardInput() : file.OpenRead();
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                await Console.Error.WriteLineAsync($"normalize: cannot read {file!.FullName}: {exception.Message}");
                return ExitCodes.InvalidConfiguration;
            }

            await using (stream)
            {
                await using var stdout = Console.OpenStandardOutput();
                return await RunAsync(result.GetValue(exchange)!, result.GetValue(market)!, stream, file?.ToString(), maxLineBytes, stdout, Console.Error, TimeProvider.System, cancellationToken);
            }
        });
        return command;
    }

    /// <summary>Normalizes <paramref name="input"/> with the default line limit; errors name lines as <c>line N</c>.</summary>
    public static Task<int> RunAsync(
        string exchange, string market, Stream input, Stream output, TextWriter errors, TimeProvider time, CancellationToken cancellationToken) =>
        RunAsync(exchange, market, input, inputName: null, CaptureStreamReader.DefaultMaxLineBytes, output, errors, time, cancellationToken);

    /// <param name="inputName">The input file as given, so errors read <c>file:line: reason</c>; null for <c>line N: reason</c>.</param>
    /// <param name="maxLineBytes">Longest line accepted; a longer one is an error and is read past, never held whole.</param>
    public static async Task<int> RunAsync(
        string exchange,
        string market,
        Stream input,
        string? inputName,
        int maxLineBytes,
        Stream output,
        TextWriter errors,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (!WireNames.TryParseMarketType(market, out var marketType)
            || !ExchangeCatalog.TryGet(exchange, out var plugin)
            || !VenueCatalog.TryGet(exchange, marketType, out var venue))
        {
            await errors.WriteLineAsync($"normalize: no venue '{exchange}' with market '{market}'. Known: {string.Join(", ", VenueCatalog.All.Select(v => $"{v.Exchange}/{v.MarketType.ToWireName()}"))}");
            return ExitCodes.InvalidConfiguration;
        }

        var instruments = venue.CreateInstrumentTable([]);
        var parser = venue.CreateParser(instruments);
        var records = new List<MarketRecord>();
        var buffered = new BufferedStream(output, 1 << 16);
        await using var writer = new Utf8JsonWriter(buffered, new JsonWriterOptions { SkipValidation = true });

        // Every line is counted once: a frame (which gives records, is ignored, or failed with an error line) or an
        // other line (a connection opened, a request sent, a blank line). Nothing read goes unaccounted for.
        long frames = 0, written = 0, ignored = 0, failed = 0, otherLines = 0;
        await foreach (var line in CaptureStreamReader.ReadAsync(input, maxLineBytes, cancellationToken))
        {
            if (line.Kind == CaptureLineKind.Blank || (line.Kind == CaptureLineKind.Entry && line.Entry.Kind is CaptureEntryKind.Connect or CaptureEntryKind.Sent))
            {
                otherLines++;
                continue;
            }

            frames++;
            records.Clear();
            var skippedElements = 0;
            var error = line.Kind == CaptureLineKind.Rejected ? line.Problem : NormalizeEntry(plugin, venue, instruments, parser, line.Entry, time, records, out skippedElements);
            if (error is not null)
            {
                failed++;
                await errors.WriteLineAsync(inputName is null ? $"line {line.LineNumber}: {error}" : $"{inputName}:{line.LineNumber}: {error}");
                continue;
            }

            if (records.Count == 0)
            {
                // Acknowledgements, heartbeats, streams not normalized, REST bodies of requests the collector never makes, and
                // data frames that carry no change.
                ignored += Math.Max(1, skippedElements);
                continue;
            }

            // Elements of a data frame that were left out (an OKX liquidation of an instrument not normalized).
            ignored += skippedElements;

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
        await errors.WriteLineAsync($"normalize: {frames} frames, {written} records, {ignored} ignored, {failed} failed; {otherLines} other line{(otherLines == 1 ? "" : "s")} (connections, sent requests, blank)");
        return failed == 0 ? ExitCodes.Success : ExitCodes.Failure;
    }

    /// <summary>Parses one received frame or REST response into <paramref name="records"/>; returns why it failed, or null.</summary>
    private static string? NormalizeEntry(
        IExchangePlugin plugin,
        IExchangeVenue venue, InstrumentTable instruments, IFrameParser parser, CaptureEntry entry, TimeProvider time, List<MarketRecord> records, out int skippedElements)
    {
        skippedElements = 0;
        DateTime local;
        if (entry.UnixSeconds is { } seconds)
        {
            if (!CaptureTime.TryToUtc(seconds, out local, out var problem))
            {
                return problem;
            }
        }
        else
        {
            local = time.GetUtcNow().UtcDateTime;
        }

        if (entry.Kind == CaptureEntryKind.HttpResponse)
        {
            return NormalizeRestResponse(plugin, venue, instruments, entry, local, records);
        }

        var result = parser.Parse(entry.Payload.Span, local, records);
        skippedElements = result.SkippedElements;
        return result.Kind == FrameKind.Malformed ? result.Error ?? "malformed" : null;
    }

    /// <summary>A full book sent in-band is a snapshot of every level it holds, not a change.</summary>
    private static BookSnapshotRecord AsSnapshot(BookDeltaRecord full) =>
        BookSnapshotRecord.OfWholeBook(full.Instrument, full.Timestamp, full.LocalTimestamp, full.Bids, full.Asks, full.LastUpdateId);

    /// <summary>
    /// A recorded REST body of a request the collector makes (a depth snapshot, a funding, open-interest or long/short
    /// ratio poll: the exchange's plug-in recognizes it) becomes the records the collector would write; any other
    /// recorded REST body gives no record (counted as ignored).
    /// </summary>
    private static string? NormalizeRestResponse(
        IExchangePlugin plugin, IExchangeVenue venue, InstrumentTable instruments, CaptureEntry entry, DateTime local, List<MarketRecord> records)
    {
        if (entry.Url is null || !Uri.TryCreate(entry.Url, UriKind.Absolute, out var url))
        {
            return null;
        }

        try
        {
            plugin.RecognizeRestResponse(venue, url, instruments)?.ParseValidated(entry.Payload.Span, local, NoPollState.Instance, records);
            return null;
        }
        catch (FormatException ex)
        {
            return ex.Message;
        }
    }

    /// <summary>
    /// What a poll parser may ask the runtime, for a stateless run: no mark price is known, so open interest polled in
    /// contracts carries no value in the quote currency (the collector values it with the latest streamed mark price).
    /// </summary>
    private sealed class NoPollState : IPollContext
    {
        public static readonly NoPollState Instance = new();

        public decimal? GetMarkPrice(Instrument instrument) => null;
    }
}
