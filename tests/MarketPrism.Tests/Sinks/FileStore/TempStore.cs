namespace MarketPrism.Tests.Sinks.FileStore;

/// <summary>A fresh store directory per test, removed afterwards.</summary>
internal sealed class TempStore : IDisposable
{
    public TempStore()
    {
        Root = Path.Combine(Path.GetTempPath(), "marketprism-tests", "filestore-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    /// <summary>Every file under the store but its lock, as paths relative to it with '/' separators, sorted.</summary>
    public string[] Files()
    {
        var files = Directory.GetFiles(Root, "*", SearchOption.AllDirectories)
            .Select(file => Path.GetRelativePath(Root, file).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(file => file != ".lock")
            .ToArray();
        Array.Sort(files, StringComparer.Ordinal);
        return files;
    }

    public string PathOf(string relative) => Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is harmless.
        }
    }
}
