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

    /// <summary>Every file under the store, as paths relative to it with '/' separators, sorted.</summary>
    public string[] Files()
    {
        var files = Directory.GetFiles(Root, "*", SearchOption.AllDirectories);
        for (var i = 0; i < files.Length; i++)
        {
            files[i] = Path.GetRelativePath(Root, files[i]).Replace(Path.DirectorySeparatorChar, '/');
        }

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
