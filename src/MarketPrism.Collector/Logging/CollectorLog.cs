using Microsoft.Extensions.Logging;

namespace MarketPrism.Collector.Logging;

/// <summary>
/// Every log event of the collector, source-generated: one place lists them, each with a stable id and structured
/// fields (exchange, market, symbol, reason). Ids are grouped: 1xx lifecycle, 2xx connections, 3xx books and
/// sequences, 4xx REST, 5xx frames, 6xx sinks and pipeline. A test checks ids are unique.
/// </summary>
internal static partial class CollectorLog
{
    [LoggerMessage(100, LogLevel.Information, "MarketPrism {Version} starting: {Feeds} feeds, sink {Sinks}, config {ConfigPath}")]
    public static partial void Starting(ILogger logger, string version, int feeds, string sinks, string configPath);

    [LoggerMessage(119, LogLevel.Warning, "Config: {Warning}")]
    public static partial void ConfigWarning(ILogger logger, string warning);

    [LoggerMessage(101, LogLevel.Information, "Stopping ({Reason}); draining the pipeline (deadline {Deadline})")]
    public static partial void Stopping(ILogger logger, string reason, TimeSpan deadline);

    [LoggerMessage(102, LogLevel.Information, "Stopped cleanly: {Records} records accepted, all written and flushed")]
    public static partial void StoppedCleanly(ILogger logger, long records);

    [LoggerMessage(103, LogLevel.Error, "Stopped with {Unwritten} records not written: the shutdown deadline {Deadline} passed while sink {Sink} was still writing")]
    public static partial void StoppedWithLoss(ILogger logger, long unwritten, TimeSpan deadline, string sink);

    [LoggerMessage(108, LogLevel.Warning, "Stopped: {Records} records accepted; all written and flushed except {Spooled} kept in sink spools, which the next start delivers")]
    public static partial void StoppedWithSpool(ILogger logger, long records, long spooled);

    [LoggerMessage(104, LogLevel.Information, "Feed {Feed} started: {Instruments} instruments, {Streams} streams on {Connections} connections")]
    public static partial void FeedStarted(ILogger logger, string feed, int instruments, int streams, int connections);

    [LoggerMessage(105, LogLevel.Information, "Status: {RecordsPerSecond:0} records/s, {FramesPerSecond:0} frames/s, {Accepted} accepted, {Duplicates} duplicates, {Dropped} dropped, {Failed} bad frames, {Written} written, channel {ChannelCount}/{ChannelCapacity}")]
    public static partial void Status(ILogger logger, double recordsPerSecond, double framesPerSecond, long accepted, long duplicates, long dropped, long failed, long written, int channelCount, int channelCapacity);

    [LoggerMessage(106, LogLevel.Warning, "Second stop signal: exiting now without draining")]
    public static partial void ForcedExit(ILogger logger);

    [LoggerMessage(107, LogLevel.Information, "Simulator stopping ({Signal})")]
    public static partial void SimulatorStopping(ILogger logger, string signal);

    [LoggerMessage(110, LogLevel.Information, "HTTP server listening on {Address} (/metrics /health /ready)")]
    public static partial void HttpListening(ILogger logger, Uri address);

    [LoggerMessage(111, LogLevel.Critical, "HTTP server could not listen on {Endpoint}: {Reason}; not starting")]
    public static partial void HttpFailed(ILogger logger, string endpoint, string reason, Exception exception);

    [LoggerMessage(200, LogLevel.Information, "{Exchange} {Market} connection {Connection} up (#{Generation}) to {Uri} with {Streams} streams{Standby}")]
    private static partial void ConnectionUpCore(ILogger logger, string exchange, string market, string connection, int generation, Uri uri, int streams, string standby);

    public static void ConnectionUp(ILogger logger, string exchange, string market, string connection, int generation, Uri uri, int streams, bool active) =>
        ConnectionUpCore(logger, exchange, market, connection, generation, uri, streams, active ? "" : " (standby for a hand-over)");

    [LoggerMessage(201, LogLevel.Warning, "{Exchange} {Market} connection {Connection} lost ({Outcome}): {Reason}; reconnecting and resyncing its books")]
    public static partial void ConnectionLost(ILogger logger, string exchange, string market, string connection, string outcome, string reason);

    [LoggerMessage(202, LogLevel.Warning, "{Exchange} {Market} connection {Connection} to {Uri} failed: {Reason}; retry {Failures} in {Delay}")]
    public static partial void ConnectFailed(ILogger logger, string exchange, string market, string connection, Uri uri, string reason, TimeSpan delay, int failures);

    [LoggerMessage(203, LogLevel.Information, "{Exchange} {Market} connection {Connection} being replaced: {Reason}")]
    public static partial void ConnectionReplacing(ILogger logger, string exchange, string market, string connection, string reason);

    [LoggerMessage(204, LogLevel.Information, "{Exchange} {Market} connection {Connection} handed over to #{Generation} without a gap")]
    public static partial void ConnectionReplaced(ILogger logger, string exchange, string market, string connection, int generation);

    [LoggerMessage(205, LogLevel.Warning, "{Exchange} {Market} connection {Connection} could not be replaced ({Reason}); keeping the current one")]
    public static partial void ConnectionReplacementFailed(ILogger logger, string exchange, string market, string connection, string reason);

    [LoggerMessage(206, LogLevel.Error, "{Exchange} {Market} connection {Connection}: the venue rejected a request: {Reason}")]
    public static partial void SubscriptionRejected(ILogger logger, string exchange, string market, string connection, string reason);

    [LoggerMessage(300, LogLevel.Warning, "Book resync {Exchange} {Market} {Symbol}: {Reason} ({Detail})")]
    public static partial void BookResync(ILogger logger, string exchange, string market, string symbol, string reason, string detail);

    [LoggerMessage(301, LogLevel.Information, "Book synced {Exchange} {Market} {Symbol} at update {UpdateId} ({Applied} buffered updates applied)")]
    public static partial void BookSynced(ILogger logger, string exchange, string market, string symbol, long updateId, int applied);

    [LoggerMessage(302, LogLevel.Warning, "Sequence gap {Exchange} {Market} {Symbol} {DataType}: {Detail}")]
    public static partial void SequenceGap(ILogger logger, string exchange, string market, string symbol, string dataType, string detail);

    [LoggerMessage(303, LogLevel.Information, "Book {Exchange} {Market} {Symbol}: resubscribing {Stream} for a fresh snapshot")]
    public static partial void BookResubscribing(ILogger logger, string exchange, string market, string symbol, string stream);

    [LoggerMessage(304, LogLevel.Warning, "Book {Exchange} {Market} {Symbol}: resubscribing failed: {Reason}")]
    public static partial void BookResubscribeFailed(ILogger logger, string exchange, string market, string symbol, string reason);

    [LoggerMessage(306, LogLevel.Information, "Book {Exchange} {Market} {Symbol}: {Detail}")]
    public static partial void BookSnapshotFallback(ILogger logger, string exchange, string market, string symbol, string detail);

    [LoggerMessage(305, LogLevel.Warning, "Stream {Exchange} {Market} {Symbol} {Stream} stalled: silent for {Silence} (usually a record every {MeanGap:0.###} s); {Action}")]
    private static partial void StreamStalledCore(ILogger logger, string exchange, string market, string symbol, string stream, TimeSpan silence, double meanGap, string action);

    public static void StreamStalled(ILogger logger, string exchange, string market, string symbol, string stream, TimeSpan silence, double meanGap, bool escalated) =>
        StreamStalledCore(logger, exchange, market, symbol, stream, silence, meanGap, escalated ? "it stalled again: replacing its connection" : "resubscribing it");

    [LoggerMessage(400, LogLevel.Warning, "Snapshot {Exchange} {Market} {Symbol} failed: {Reason}; retry in {Delay}")]
    public static partial void SnapshotFailed(ILogger logger, string exchange, string market, string symbol, string reason, TimeSpan delay);

    [LoggerMessage(401, LogLevel.Warning, "Poll {Job} {Exchange} {Market} {Symbol} failed: {Reason}")]
    public static partial void PollFailed(ILogger logger, string job, string exchange, string market, string symbol, string reason);

    [LoggerMessage(402, LogLevel.Warning, "{Exchange} REST {Endpoint} answered {Status}: pausing every request to {Exchange} for {Pause}")]
    public static partial void RestRateLimited(ILogger logger, string exchange, string endpoint, int status, TimeSpan pause);

    [LoggerMessage(403, LogLevel.Critical, "{Exchange} BANNED this IP (HTTP 418 on {Endpoint}) until {Until:O}: every request to {Exchange} is held until then. Answer: {Body}")]
    public static partial void RestBanned(ILogger logger, string exchange, string endpoint, DateTimeOffset until, string body);

    [LoggerMessage(404, LogLevel.Information, "{Exchange} REST {Endpoint}: retry {Attempt} in {Delay} after {Reason}")]
    public static partial void RestRetrying(ILogger logger, string exchange, string endpoint, int attempt, TimeSpan delay, string reason);

    [LoggerMessage(405, LogLevel.Warning, "{Exchange} REST {Endpoint}: circuit opened after repeated failures; requests fail fast for {BreakDuration}")]
    public static partial void CircuitOpened(ILogger logger, string exchange, string endpoint, TimeSpan breakDuration);

    [LoggerMessage(406, LogLevel.Information, "{Exchange} REST {Endpoint}: circuit closed, the endpoint answers again")]
    public static partial void CircuitClosed(ILogger logger, string exchange, string endpoint);

    [LoggerMessage(500, LogLevel.Warning, "Bad frame on {Feed} {Connection}: {Reason} ({Suppressed} more suppressed since the last line)")]
    public static partial void FrameRejected(ILogger logger, string feed, string connection, string reason, long suppressed);

    [LoggerMessage(501, LogLevel.Debug, "Bad frame on {Feed} starts with: {Prefix}")]
    public static partial void FrameRejectedContent(ILogger logger, string feed, string prefix);

    [LoggerMessage(700, LogLevel.Debug, "Job {Job} succeeded: {Attempted} requests/checks in {Elapsed}")]
    public static partial void JobSucceeded(ILogger logger, string job, int attempted, TimeSpan elapsed);

    [LoggerMessage(701, LogLevel.Warning, "Job {Job} failed: {Failed} of {Attempted} requests/checks failed in {Elapsed}; first: {Reason}")]
    public static partial void JobFailed(ILogger logger, string job, int failed, int attempted, string reason, TimeSpan elapsed);

    [LoggerMessage(702, LogLevel.Warning, "Job {Job}: the last run outlasted its interval; {Skipped} runs skipped (runs never overlap)")]
    public static partial void JobSkipped(ILogger logger, string job, int skipped);

    [LoggerMessage(703, LogLevel.Information, "Scheduler: {Jobs}")]
    public static partial void SchedulerStarted(ILogger logger, string jobs);

    [LoggerMessage(600, LogLevel.Error, "Sink {Sink} failed to write {Records} records (attempt {Attempt}); retrying in {Delay}")]
    public static partial void SinkWriteFailed(ILogger logger, string sink, int records, int attempt, TimeSpan delay, Exception exception);

    [LoggerMessage(601, LogLevel.Error, "Sink {Sink} failed to start: {Reason}")]
    public static partial void SinkStartFailed(ILogger logger, string sink, string reason, Exception exception);

    [LoggerMessage(612, LogLevel.Warning, "Sink {Sink} could not be closed cleanly: {Reason}")]
    public static partial void SinkDisposeFailed(ILogger logger, string sink, string reason, Exception exception);

    [LoggerMessage(602, LogLevel.Warning, "Sink {Sink} unavailable: {Reason}; {Consequence}")]
    public static partial void SinkUnavailable(ILogger logger, string sink, string reason, string consequence);

    [LoggerMessage(603, LogLevel.Information, "Sink {Sink} available again after {Downtime}; {Spooled} spooled records to deliver")]
    public static partial void SinkAvailable(ILogger logger, string sink, TimeSpan downtime, long spooled);

    [LoggerMessage(604, LogLevel.Warning, "Sink {Sink} spool discarded {Records} records: {Reason}")]
    public static partial void SpoolDropped(ILogger logger, string sink, long records, string reason);

    [LoggerMessage(605, LogLevel.Information, "Sink {Sink} spool drained: every spooled record was delivered")]
    public static partial void SpoolDrained(ILogger logger, string sink);

    [LoggerMessage(606, LogLevel.Warning, "Sink {Sink}: {Records} records ({Bytes} bytes) stay in the spool {Directory}; the next start delivers them")]
    public static partial void SpoolLeftForNextStart(ILogger logger, string sink, long records, long bytes, string directory);

    [LoggerMessage(607, LogLevel.Information, "Sink {Sink}: the spool {Directory} holds {Records} records ({Bytes} bytes) from a previous run; delivering them first")]
    public static partial void SpoolFound(ILogger logger, string sink, string directory, long records, long bytes);

    [LoggerMessage(608, LogLevel.Warning, "Sink {Sink}: cut off {Bytes} torn or damaged bytes at the end of the spool {Directory} (a batch being spooled when the process was killed)")]
    public static partial void SpoolTornTail(ILogger logger, string sink, long bytes, string directory);

    [LoggerMessage(609, LogLevel.Warning, "Sink {Sink} failed to write {Records} records (attempt {Attempt}): {Reason}; retrying in {Delay}")]
    public static partial void SinkWriteRetry(ILogger logger, string sink, int records, int attempt, string reason, TimeSpan delay);

    [LoggerMessage(610, LogLevel.Information, "Sink {Sink}: {Records} records in the spool ({Bytes} bytes), {State}")]
    public static partial void SinkStatus(ILogger logger, string sink, long records, long bytes, string state);

    [LoggerMessage(611, LogLevel.Warning, "Sink {Sink} stopped before the shutdown deadline with its remaining records in the spool: {Reason}")]
    public static partial void SinkStoppedToSpool(ILogger logger, string sink, string reason);
}
