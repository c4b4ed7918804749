using System.Net.WebSockets;
using MarketPrism.Collector.Connections;
using MarketPrism.Collector.Rest;
using MarketPrism.Collector.Telemetry;
using MarketPrism.Core.Books;

namespace MarketPrism.Tests.Collector.Telemetry;

public sealed class ErrorClassifierTests
{
    [Theory]
    [InlineData(429, ErrorType.RateLimited)]
    [InlineData(418, ErrorType.RateLimited)]
    [InlineData(400, ErrorType.Api)]
    [InlineData(404, ErrorType.Api)]
    [InlineData(503, ErrorType.Api)]
    public void Http_statuses_are_rate_limits_or_api_errors(int status, ErrorType expected) =>
        Assert.Equal(expected, ErrorClassifier.ForHttpStatus(status));

    [Fact]
    public void Exceptions_are_classified_by_what_failed()
    {
        Assert.Equal(ErrorType.Network, ErrorClassifier.Classify(new WebSocketException("reset")));
        Assert.Equal(ErrorType.Network, ErrorClassifier.Classify(new RestRequestException("timed out")));
        Assert.Equal(ErrorType.RateLimited, ErrorClassifier.Classify(new RestRequestException("429", 429)));
        Assert.Equal(ErrorType.Data, ErrorClassifier.Classify(new FormatException("bad body")));
        Assert.Equal(ErrorType.Data, ErrorClassifier.Classify(new FrameTooLargeException()));
        Assert.Equal(ErrorType.Unknown, ErrorClassifier.Classify(new InvalidOperationException()));
    }

    [Fact]
    public void A_book_gap_is_a_sequence_gap_and_a_lost_connection_is_not_counted_twice()
    {
        Assert.Equal(ErrorType.SequenceGap, ErrorClassifier.ForResync(ResyncReason.Gap));
        Assert.Equal(ErrorType.Data, ErrorClassifier.ForResync(ResyncReason.Crossed));
        Assert.Null(ErrorClassifier.ForResync(ResyncReason.Disconnected));
        Assert.Null(ErrorClassifier.ForResync(ResyncReason.StaleSnapshot));
    }

    [Fact]
    public void Wire_names_are_the_plans_error_types()
    {
        Assert.Equal(["network", "api", "rate_limited", "data", "sequence_gap", "sink", "unknown"], ErrorClassifier.WireNames);
    }
}
