using Microsoft.Extensions.Logging;

namespace MarketPrism.Sinks.FileStore;

/// <summary>Every log line the file store writes, source-generated so that logging costs nothing when disabled.</summary>
internal static partial class FileStoreLog
{
    [LoggerMessage(1, LogLevel.Information, "File store recovery in {Directory}: {RecoveredFiles} file(s) with {RecoveredRows} row(s) recovered, {QuarantinedFiles} file(s) quarantined, {TornLines} torn line(s) ignored, {CorruptLines} unreadable line(s) skipped")]
    public static partial void RecoveryFinished(
        ILogger logger, string directory, int recoveredFiles, long recoveredRows, int quarantinedFiles, int tornLines, int corruptLines);

    [LoggerMessage(2, LogLevel.Warning, "Recovered {Path} with {Rows} row(s) from {Source}")]
    public static partial void Recovered(ILogger logger, string path, long rows, string source);

    [LoggerMessage(3, LogLevel.Warning, "Quarantined {Path} ({Bytes} bytes, row count unknown) to {Destination}: {Reason}")]
    public static partial void Quarantined(ILogger logger, string path, long bytes, string destination, string reason);

    [LoggerMessage(4, LogLevel.Warning, "Ignored a torn last line ({Bytes} bytes) at the end of {Path}; it belonged to a batch that was never acknowledged")]
    public static partial void TornLineIgnored(ILogger logger, string path, long bytes);

    [LoggerMessage(5, LogLevel.Error, "Skipped unreadable line {Line} of {Path}: {Reason}")]
    public static partial void CorruptLineSkipped(ILogger logger, string path, long line, string reason);

    [LoggerMessage(6, LogLevel.Debug, "Removed journal {Path}: its file {FinalPath} was already complete")]
    public static partial void CompletedJournalRemoved(ILogger logger, string path, string finalPath);

    [LoggerMessage(7, LogLevel.Debug, "Closed {Path} with {Rows} row(s)")]
    public static partial void FileCompleted(ILogger logger, string path, long rows);

    [LoggerMessage(8, LogLevel.Error, "Could not finish {Path} ({Rows} row(s)); they stay in {Kept} and are recovered on the next start")]
    public static partial void FileFailed(ILogger logger, Exception exception, string path, long rows, string kept);

    [LoggerMessage(9, LogLevel.Error, "Could not finish {Path}; its {Rows} buffered row(s) are lost because the journal is disabled")]
    public static partial void FileFailedWithoutJournal(ILogger logger, Exception exception, string path, long rows);

    [LoggerMessage(10, LogLevel.Warning, "A {DataType} record of {Exchange} {Symbol} has a decimal DECIMAL(38,18) cannot hold exactly (more than 18 fractional digits or 20 integral digits); such records of this partition go to {Path}")]
    public static partial void RecordDiverted(ILogger logger, string dataType, string exchange, string symbol, string path);

    [LoggerMessage(11, LogLevel.Error, "Could not take back the unaccepted rows of {Path}; the file is left for recovery")]
    public static partial void RollbackFailed(ILogger logger, Exception exception, string path);

    [LoggerMessage(12, LogLevel.Information, "Journal {Path} had unreadable lines; it is kept in {Destination} for inspection")]
    public static partial void JournalKept(ILogger logger, string path, string destination);

    [LoggerMessage(13, LogLevel.Error, "Could not recover {Path}; it is left as it is for the next start")]
    public static partial void RecoveryFailed(ILogger logger, Exception exception, string path);
}
