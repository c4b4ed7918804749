namespace MarketPrism.Collector.Feeds;

/// <summary>
/// A request waiting for the venue's answer. Venues that echo the request id answer it at once; venues that answer
/// per channel (OKX) confirm its streams one by one, and it is complete when every stream is confirmed.
/// </summary>
internal sealed class PendingRequest(IEnumerable<string> streams)
{
    private readonly HashSet<string> _unconfirmed = new(streams, StringComparer.Ordinal);
    private readonly TaskCompletionSource<string?> _answer = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Null when confirmed; the venue's reason when rejected.</summary>
    public Task<string?> Answer => _answer.Task;

    public bool Covers(string stream)
    {
        lock (_unconfirmed)
        {
            return _unconfirmed.Contains(stream);
        }
    }

    public void Confirm() => _answer.TrySetResult(null);

    /// <summary>Confirms one stream; completes the request when it was the last.</summary>
    public void Confirm(string stream)
    {
        lock (_unconfirmed)
        {
            _unconfirmed.Remove(stream);
            if (_unconfirmed.Count > 0)
            {
                return;
            }
        }

        _answer.TrySetResult(null);
    }

    public void Reject(string reason) => _answer.TrySetResult(reason);
}
