namespace MarketPrism.Sinks.FileStore;

/// <summary>What <see cref="FileStoreSink.StartAsync"/> found and did about files a previous run left unfinished.</summary>
public sealed class FileStoreRecoveryResult
{
    /// <summary>Nothing to recover (also the value before start).</summary>
    public static FileStoreRecoveryResult None { get; } = new([], 0, [], 0, 0, 0, []);

    public FileStoreRecoveryResult(
        IReadOnlyList<string> recoveredFiles,
        long recoveredRows,
        IReadOnlyList<string> quarantinedFiles,
        int tornLines,
        int corruptLines,
        int completedJournalsRemoved,
        IReadOnlyList<string> failedFiles)
    {
        RecoveredFiles = recoveredFiles;
        RecoveredRows = recoveredRows;
        QuarantinedFiles = quarantinedFiles;
        TornLines = tornLines;
        CorruptLines = corruptLines;
        CompletedJournalsRemoved = completedJournalsRemoved;
        FailedFiles = failedFiles;
    }

    /// <summary>Final files written by recovery (<c>*.recovered.parquet</c>, <c>*.recovered.jsonl</c>).</summary>
    public IReadOnlyList<string> RecoveredFiles { get; }

    /// <summary>Rows in <see cref="RecoveredFiles"/>.</summary>
    public long RecoveredRows { get; }

    /// <summary>
    /// Where files that could not be recovered were moved (under <c>_quarantine/</c>): a temporary Parquet file without
    /// a journal, or a journal with unreadable lines (kept after its readable rows were recovered).
    /// </summary>
    public IReadOnlyList<string> QuarantinedFiles { get; }

    /// <summary>Incomplete last lines ignored: records of batches that were never acknowledged.</summary>
    public int TornLines { get; }

    /// <summary>Complete lines that did not parse as records (corruption), skipped and logged.</summary>
    public int CorruptLines { get; }

    /// <summary>Journals left behind by a crash just after their file was completed; removed.</summary>
    public int CompletedJournalsRemoved { get; }

    /// <summary>Files that could not be handled (an I/O error); left untouched for the next start.</summary>
    public IReadOnlyList<string> FailedFiles { get; }

    /// <summary>Whether recovery found anything at all.</summary>
    public bool FoundAnything =>
        RecoveredFiles.Count > 0 || QuarantinedFiles.Count > 0 || TornLines > 0 || CorruptLines > 0 || CompletedJournalsRemoved > 0
        || FailedFiles.Count > 0;
}
