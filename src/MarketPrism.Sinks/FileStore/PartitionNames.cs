namespace MarketPrism.Sinks.FileStore;

/// <summary>
/// Hands out the base names of new files in one partition directory. It first reads the names already there, so
/// new names sort after them and never collide, across restarts too, and even when the clock steps back.
/// </summary>
internal sealed class PartitionNames(string directory, string dataType)
{
    private readonly string _directory = directory;
    private readonly string _dataType = dataType;
    private bool _namesScanned;
    private long _lastStamp = -1;
    private int _lastSequence = -1;

    /// <summary>
    /// The base name for a file opened at <paramref name="nowUtc"/>: its millisecond stamp, or, if the clock has not
    /// moved past the last name in the directory, that name's stamp with the next sequence number.
    /// </summary>
    public string Next(DateTime nowUtc)
    {
        if (!_namesScanned)
        {
            ScanExistingNames();
            _namesScanned = true;
        }

        var stamp = StoreFileName.Stamp(nowUtc);
        if (stamp > _lastStamp)
        {
            _lastStamp = stamp;
            _lastSequence = 0;
        }
        else
        {
            _lastSequence++;
        }

        return StoreFileName.BaseName(_dataType, _lastStamp, _lastSequence);
    }

    private void ScanExistingNames()
    {
        if (!System.IO.Directory.Exists(_directory))
        {
            return;
        }

        foreach (var path in System.IO.Directory.EnumerateFiles(_directory, _dataType + "-*"))
        {
            if (StoreFileName.TryParse(Path.GetFileName(path), _dataType, out var stamp, out var sequence)
                && (stamp > _lastStamp || (stamp == _lastStamp && sequence > _lastSequence)))
            {
                _lastStamp = stamp;
                _lastSequence = sequence;
            }
        }
    }
}
