using MarketPrism.Core.Books;
using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;

namespace MarketPrism.Tests.Core.Books;

/// <summary>Keeps every observer call so tests can assert what a synchronizer reported.</summary>
public sealed class RecordingBookSyncObserver : IBookSyncObserver
{
    public List<(Instrument Instrument, ResyncReason Reason, string Detail)> Resyncs { get; } = [];

    public List<(Instrument Instrument, long UpdateId, int AppliedFromBuffer)> Syncs { get; } = [];

    public List<(Instrument Instrument, UpdateSkipReason Reason)> Skips { get; } = [];

    public List<(Instrument Instrument, string Detail)> Fallbacks { get; } = [];

    public List<(long LastApplied, long Applied)> IdSkips { get; } = [];

    public int SkipCount(UpdateSkipReason reason) => Skips.Count(skip => skip.Reason == reason);

    public void OnResync(Instrument instrument, ResyncReason reason, string detail) => Resyncs.Add((instrument, reason, detail));

    public void OnSynced(Instrument instrument, long updateId, int appliedFromBuffer) => Syncs.Add((instrument, updateId, appliedFromBuffer));

    public void OnSnapshotFallback(Instrument instrument, string detail) => Fallbacks.Add((instrument, detail));

    public void OnUpdateSkipped(Instrument instrument, UpdateSkipReason reason) => Skips.Add((instrument, reason));

    public void OnUpdateIdsSkipped(Instrument instrument, long lastAppliedUpdateId, BookDeltaRecord applied) =>
        IdSkips.Add((lastAppliedUpdateId, applied.LastUpdateId));
}
