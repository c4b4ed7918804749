using MarketPrism.Core.Model;
using MarketPrism.Core.Serialization;
using Microsoft.Extensions.Logging;

namespace MarketPrism.Sinks.FileStore;

/// <summary>
/// Finishes what a killed process left in a store directory, before anything new is written:
/// <list type="number">
/// <item>a journal whose Parquet file was completed is removed; any other journal is rebuilt into
/// <c>{base}.recovered.parquet</c> (it holds every row of its file), then its <c>.parquet.tmp</c> and the journal
/// are deleted;</item>
/// <item>a <c>.parquet.tmp</c> left without journal cannot be read (no footer) and is moved to <c>_quarantine/</c>;</item>
/// <item>a <c>.jsonl.tmp</c> loses its torn last line and becomes <c>{base}.recovered.jsonl</c>.</item>
/// </list>
/// A torn (unterminated) last line is a record of a batch that was never acknowledged: ignored and logged. A complete
/// line that does not parse is corruption: skipped and logged, and the file it came from is kept in
/// <c>_quarantine/</c>. Nothing that might hold data is deleted before its rows are safely in a final file.
/// </summary>
internal sealed class FileStoreRecovery
{
    private readonly string _root;
    private readonly string _quarantineRoot;
    private readonly int _rowGroupSize;
    private readonly ILogger _logger;
    private readonly RowGroupWriter _rowGroups;
    private readonly long _bufferBudget;
    private readonly RecordLineEncoder _encoder;
    private readonly List<string> _recovered = [];
    private readonly List<string> _quarantined = [];
    private readonly List<string> _failed = [];
    private long _recoveredRows;
    private int _tornLines;
    private int _corruptLines;
    private int _completedJournals;

    public FileStoreRecovery(string root, int rowGroupSize, long bufferBudget, RowGroupWriter rowGroups, RecordLineEncoder encoder, ILogger logger)
    {
        _root = root;
        _quarantineRoot = Path.Combine(root, StoreFileName.QuarantineDirectoryName);
        _rowGroupSize = rowGroupSize;
        _rowGroups = rowGroups;
        _bufferBudget = bufferBudget;
        _encoder = encoder;
        _logger = logger;
    }

    public async Task<FileStoreRecoveryResult> RunAsync(CancellationToken cancellationToken)
    {
        if (Directory.Exists(_root))
        {
            // Journals first: rebuilding one consumes its .parquet.tmp, so what is left afterwards has no journal.
            foreach (var journal in Find("*" + StoreFileName.JournalExtension))
            {
                await IsolateAsync(journal, () => RecoverJournalAsync(journal, cancellationToken));
            }

            foreach (var temporary in Find("*" + StoreFileName.ParquetExtension + StoreFileName.TemporarySuffix))
            {
                await IsolateAsync(temporary, () =>
                {
                    Quarantine(temporary, "a Parquet file without footer and without journal cannot be read");
                    return Task.CompletedTask;
                });
            }

            foreach (var temporary in Find("*" + StoreFileName.JsonlExtension + StoreFileName.TemporarySuffix))
            {
                await IsolateAsync(temporary, () => RecoverJsonlAsync(temporary, cancellationToken));
            }
        }

        var result = new FileStoreRecoveryResult(
            _recovered.ToArray(), _recoveredRows, _quarantined.ToArray(), _tornLines, _corruptLines, _completedJournals, _failed.ToArray());
        if (result.FoundAnything)
        {
            FileStoreLog.RecoveryFinished(
                _logger, _root, result.RecoveredFiles.Count, result.RecoveredRows, result.QuarantinedFiles.Count, result.TornLines, result.CorruptLines);
        }

        return result;
    }

    /// <summary>
    /// One file that cannot be handled now (disk full, permissions) must not keep the store from starting: it is
    /// left exactly as it is, for the next start, and reported.
    /// </summary>
    private async Task IsolateAsync(string path, Func<Task> recover)
    {
        if (!File.Exists(path))
        {
            // Consumed while handling an earlier file (a half-done recovery of the same rows).
            return;
        }

        try
        {
            await recover();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _failed.Add(path);
            FileStoreLog.RecoveryFailed(_logger, ex, path);
        }
    }

    private string[] Find(string pattern)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = true, MatchType = MatchType.Simple, AttributesToSkip = 0 };
        var quarantine = _quarantineRoot + Path.DirectorySeparatorChar;
        var found = new List<string>();
        foreach (var path in Directory.EnumerateFiles(_root, pattern, options))
        {
            if (!path.StartsWith(quarantine, StringComparison.Ordinal))
            {
                found.Add(path);
            }
        }

        found.Sort(StringComparer.Ordinal);
        return [.. found];
    }

    private async Task RecoverJournalAsync(string journalPath, CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(journalPath)!;
        var baseName = Path.GetFileName(journalPath)[..^StoreFileName.JournalExtension.Length];
        var temporaryPath = Path.Combine(directory, baseName + StoreFileName.ParquetExtension + StoreFileName.TemporarySuffix);
        var completedPath = Path.Combine(directory, baseName + StoreFileName.ParquetExtension);
        var recoveredBase = Path.Combine(directory, baseName + StoreFileName.RecoveredInfix);
        var recoveredPath = recoveredBase + StoreFileName.ParquetExtension;

        // Killed between the rename of the complete file and the deletion of its journal.
        foreach (var done in (ReadOnlySpan<string>)[completedPath, recoveredPath])
        {
            if (File.Exists(done))
            {
                File.Delete(journalPath);
                _completedJournals++;
                FileStoreLog.CompletedJournalRemoved(_logger, journalPath, done);
                return;
            }
        }

        var dataTypeName = baseName[..Math.Max(0, baseName.IndexOf('-', StringComparison.Ordinal))];
        if (!WireNames.TryParseDataType(dataTypeName, out var dataType))
        {
            Quarantine(journalPath, $"the name does not start with a data type ('{dataTypeName}')");
            return;
        }

        var table = ParquetTable.Create(dataType);
        var parquet = await ParquetFileWriter.CreateAsync(
            recoveredPath + StoreFileName.TemporarySuffix, table, _rowGroupSize, _rowGroups, overwrite: true, cancellationToken);
        RecordLineWriter? diverted = null;
        var corrupt = 0;
        try
        {
            var reader = new RecordJsonReader();
            await foreach (var line in RecordLineReader.ReadAsync(journalPath, cancellationToken))
            {
                if (Parse(journalPath, line, reader, dataType, ref corrupt) is not { } record)
                {
                    continue;
                }

                if (!parquet.TryAppend(record))
                {
                    // The sink would have sent it to a jsonl file too; keep the record exact.
                    diverted ??= RecordLineWriter.Create(
                        recoveredBase + StoreFileName.JsonlExtension + StoreFileName.TemporarySuffix, _encoder, overwrite: true);
                    diverted.Append(record);
                }

                await parquet.WriteFullRowGroupsAsync(cancellationToken);
                if (parquet.BufferedMemoryBytes >= _bufferBudget)
                {
                    await parquet.WriteBufferedRowGroupAsync();
                }
            }

            if (parquet.Rows > 0)
            {
                var rows = await parquet.CompleteAsync(recoveredPath, cancellationToken);
                Recovered(recoveredPath, rows, journalPath);
            }
            else
            {
                parquet.Abandon();
                File.Delete(recoveredPath + StoreFileName.TemporarySuffix);
            }

            if (diverted is not null)
            {
                diverted.Close();
                File.Move(diverted.Path, recoveredBase + StoreFileName.JsonlExtension);
                Recovered(recoveredBase + StoreFileName.JsonlExtension, diverted.Lines, journalPath);
            }
        }
        catch
        {
            parquet.Abandon();
            diverted?.Abandon();
            throw;
        }

        // Every row of the file is now in a final file: the half-written original and the journal can go.
        if (File.Exists(temporaryPath))
        {
            File.Delete(temporaryPath);
        }

        if (corrupt > 0)
        {
            var kept = Move(journalPath);
            FileStoreLog.JournalKept(_logger, journalPath, kept);
        }
        else
        {
            File.Delete(journalPath);
        }
    }

    private async Task RecoverJsonlAsync(string temporaryPath, CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(temporaryPath)!;
        var baseName = Path.GetFileName(temporaryPath)[..^(StoreFileName.JsonlExtension.Length + StoreFileName.TemporarySuffix.Length)];
        var recoveredPath = Path.Combine(
            directory,
            baseName.EndsWith(StoreFileName.RecoveredInfix, StringComparison.Ordinal) ? baseName : baseName + StoreFileName.RecoveredInfix)
            + StoreFileName.JsonlExtension;

        // Killed after writing the recovered file but before moving the original away.
        if (File.Exists(recoveredPath))
        {
            Quarantine(temporaryPath, $"its rows were already recovered into {recoveredPath}");
            return;
        }

        var reader = new RecordJsonReader();
        var corrupt = 0;
        long rows = 0;
        long completeLength = 0;
        await foreach (var line in RecordLineReader.ReadAsync(temporaryPath, cancellationToken))
        {
            if (Parse(temporaryPath, line, reader, dataType: null, ref corrupt) is not null)
            {
                rows++;
            }

            if (line.Terminated)
            {
                completeLength = line.End;
            }
        }

        if (corrupt == 0)
        {
            // The common case: at most a torn last line. Cut it off and publish the file as it is.
            await using (var stream = new FileStream(temporaryPath, FileMode.Open, FileAccess.Write, FileShare.None))
            {
                if (stream.Length != completeLength)
                {
                    stream.SetLength(completeLength);
                }

                stream.Flush(flushToDisk: true);
            }

            if (rows == 0)
            {
                File.Delete(temporaryPath);
                return;
            }

            File.Move(temporaryPath, recoveredPath);
            Recovered(recoveredPath, rows, temporaryPath);
            return;
        }

        // Corrupt lines inside: copy the readable records into the recovered file and keep the original for inspection.
        var output = RecordLineWriter.Create(recoveredPath + StoreFileName.TemporarySuffix, _encoder, overwrite: true);
        try
        {
            await foreach (var line in RecordLineReader.ReadAsync(temporaryPath, cancellationToken))
            {
                if (ParseQuietly(line, reader) is { } record)
                {
                    output.Append(record);
                }
            }

            output.Close();
        }
        catch
        {
            output.Abandon();
            throw;
        }

        File.Move(output.Path, recoveredPath);
        Recovered(recoveredPath, output.Lines, temporaryPath);
        Quarantine(temporaryPath, $"{corrupt} unreadable line(s); the readable rows are in {recoveredPath}");
    }

    /// <summary>Parses a line, logging and counting it when torn or unreadable.</summary>
    private MarketRecord? Parse(string path, RecordLine line, RecordJsonReader reader, DataType? dataType, ref int corrupt)
    {
        if (!line.Terminated)
        {
            // Lines are written whole with their '\n': one without is a write the crash cut short.
            _tornLines++;
            FileStoreLog.TornLineIgnored(_logger, path, line.Text.Length);
            return null;
        }

        if (line.Text.IsEmpty)
        {
            return null;
        }

        try
        {
            var record = reader.Read(line.Text.Span);
            if (dataType is { } expected && record.DataType != expected)
            {
                throw new FormatException($"a {record.DataType.ToWireName()} record in a {expected.ToWireName()} file");
            }

            return record;
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException or OverflowException)
        {
            corrupt++;
            _corruptLines++;
            FileStoreLog.CorruptLineSkipped(_logger, path, line.Number, ex.Message);
            return null;
        }
    }

    private static MarketRecord? ParseQuietly(RecordLine line, RecordJsonReader reader)
    {
        if (!line.Terminated || line.Text.IsEmpty)
        {
            return null;
        }

        try
        {
            return reader.Read(line.Text.Span);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException or OverflowException)
        {
            return null;
        }
    }

    private void Recovered(string path, long rows, string source)
    {
        _recovered.Add(path);
        _recoveredRows += rows;
        FileStoreLog.Recovered(_logger, path, rows, source);
    }

    private void Quarantine(string path, string reason)
    {
        var bytes = new FileInfo(path).Length;
        var destination = Move(path);
        FileStoreLog.Quarantined(_logger, path, bytes, destination, reason);
    }

    /// <summary>Moves a file to the same relative place under <c>_quarantine/</c>, never overwriting anything there.</summary>
    private string Move(string path)
    {
        var destination = Path.Combine(_quarantineRoot, Path.GetRelativePath(_root, path));
        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        var candidate = destination;
        for (var attempt = 1; File.Exists(candidate); attempt++)
        {
            candidate = destination + "." + attempt.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        File.Move(path, candidate);
        _quarantined.Add(candidate);
        return candidate;
    }
}
