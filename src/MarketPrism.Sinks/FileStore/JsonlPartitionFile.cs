using MarketPrism.Core.Model;

namespace MarketPrism.Sinks.FileStore;

/// <summary>A JSON-lines file of a partition; the file is its own journal.</summary>
internal sealed class JsonlPartitionFile : PartitionFile
{
    private readonly RecordLineWriter _lines;

    private JsonlPartitionFile(string directory, string baseName, DateTimeOffset openedAt, RecordLineWriter lines)
        : base(directory, baseName, openedAt)
    {
        _lines = lines;
    }

    public override string FinalPath => Path.Combine(Directory, BaseName + StoreFileName.JsonlExtension);

    public override string TemporaryPath => _lines.Path;

    public override long Rows => _lines.Lines;

    public override long EstimatedSize => _lines.Length;

    public static JsonlPartitionFile Create(string directory, string baseName, DateTimeOffset openedAt, RecordLineEncoder encoder)
    {
        var path = Path.Combine(directory, baseName + StoreFileName.JsonlExtension + StoreFileName.TemporarySuffix);
        return new JsonlPartitionFile(directory, baseName, openedAt, RecordLineWriter.Create(path, encoder));
    }

    public override bool TryAppend(MarketRecord record)
    {
        _lines.Append(record);
        return true;
    }

    public override FileCheckpoint Checkpoint() => new(_lines.Lines, _lines.Length, _lines.Lines);

    public override void Rollback(FileCheckpoint checkpoint) => _lines.Truncate(checkpoint.Bytes, checkpoint.Lines);

    public override void FlushAccepted(bool toDisk) => _lines.Flush(toDisk);

    public override Task AfterAcceptedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override Task<long> CompleteAsync(CancellationToken cancellationToken)
    {
        _lines.Close();
        File.Move(_lines.Path, FinalPath, overwrite: false);
        return Task.FromResult(_lines.Lines);
    }

    public override void Abandon() => _lines.Abandon();

    public override void Discard()
    {
        Abandon();
        File.Delete(_lines.Path);
    }
}
