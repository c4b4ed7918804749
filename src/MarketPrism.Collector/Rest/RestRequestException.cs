namespace MarketPrism.Collector.Rest;

/// <summary>A REST request that failed for good (after the client's own waiting for rate limits).</summary>
public sealed class RestRequestException : Exception
{
    public RestRequestException(string message, int? statusCode = null, Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
    }

    public RestRequestException()
    {
    }

    public RestRequestException(string message)
        : base(message)
    {
    }

    public RestRequestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The HTTP status, or null when no response arrived (network error, timeout).</summary>
    public int? StatusCode { get; }
}
