using MarketPrism.Core.Model;
using MarketPrism.Sinks.FileStore;
using Microsoft.Extensions.Time.Testing;

namespace MarketPrism.Tests.Sinks.FileStore;

/// <summary>
/// A store directory, a fake clock and a capturing logger, and the one place tests make sinks and readers.
/// </summary>
internal sealed class StoreHarness : IDisposable
{
    private readonly TempStore _store = new();

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2024, 3, 9, 12, 0, 0, TimeSpan.Zero));

    public LogCapture Log { get; private set; } = new();

    public string Root => _store.Root;

    /// <summary>Options as the tests use them unless they say otherwise (the defaults, in this directory).</summary>
    public FileStoreOptions Options(FileStoreFormat format = FileStoreFormat.Parquet, Action<FileStoreOptions>? configure = null)
    {
        var options = new FileStoreOptions { Directory = Root, Format = format };
        configure?.Invoke(options);
        return options;
    }

    /// <summary>A started sink; each call logs to a fresh logger (a new process).</summary>
    public async Task<FileStoreSink> StartSinkAsync(FileStoreOptions options)
    {
        Log = new LogCapture();
        var sink = new FileStoreSink(options, Clock, Log.For<FileStoreSink>());
        await sink.StartAsync(CancellationToken.None);
        return sink;
    }

    public Task<FileStoreSink> StartSinkAsync(FileStoreFormat format = FileStoreFormat.Parquet, Action<FileStoreOptions>? configure = null) =>
        StartSinkAsync(Options(format, configure));

    public StoreReader Reader() => new(Root);

    public Task<IReadOnlyList<MarketRecord>> ReadAsync(StoreFilter? filter = null) => Reader().ReadAllAsync(filter, CancellationToken.None);

    /// <inheritdoc cref="TempStore.Files"/>
    public string[] Files() => _store.Files();

    public string PathOf(string relative) => _store.PathOf(relative);

    public void Dispose() => _store.Dispose();
}
