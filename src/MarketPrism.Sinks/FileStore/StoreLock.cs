namespace MarketPrism.Sinks.FileStore;

/// <summary>
/// An exclusive lock on a store directory for as long as a sink uses it: the file <c>.lock</c> in the root, held open
/// without sharing. Recovery treats every temporary file as a crash's leftover, which is only true when no other
/// process is writing there. The OS releases the lock when the process dies, so a crash never leaves it behind.
/// </summary>
internal sealed class StoreLock : IDisposable
{
    public const string FileName = ".lock";

    private readonly FileStream _stream;

    private StoreLock(FileStream stream)
    {
        _stream = stream;
    }

    public static StoreLock Acquire(string root)
    {
        var path = Path.Combine(root, FileName);
        try
        {
            return new StoreLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 1));
        }
        catch (IOException ex)
        {
            throw new InvalidOperationException(
                $"The store directory {root} is in use by another file store (it holds the lock {path}). Give each collector its own directory.",
                ex);
        }
    }

    public void Dispose() => _stream.Dispose();
}
