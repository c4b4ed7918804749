using MarketPrism.Simulator.Engine;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace MarketPrism.Tests.Simulator.Engine;

public sealed class TcpResetTests
{
    [Fact]
    public void Resetting_a_live_request_aborts_it()
    {
        var lifetime = new RecordingLifetime();
        var context = new DefaultHttpContext();
        context.Features.Set<IHttpRequestLifetimeFeature>(lifetime);

        Assert.True(TcpReset.Reset(context));
        Assert.True(lifetime.Aborted);
    }

    [Fact]
    public void Resetting_a_request_whose_context_was_recycled_reports_nothing_to_reset_instead_of_throwing()
    {
        // What Kestrel does once a request is over: the context loses its features. HttpContext.Abort() then throws:
        // ObjectDisposedException here, a NullReferenceException when the recycling runs during the call (the 500 the
        // disconnect fault once answered). The reset must see a connection that is simply gone.
        var lifetime = new RecordingLifetime();
        var context = new DefaultHttpContext();
        context.Features.Set<IHttpRequestLifetimeFeature>(lifetime);
        context.Uninitialize();
        Assert.Throws<ObjectDisposedException>(context.Abort);

        Assert.False(TcpReset.Reset(context));
        Assert.False(lifetime.Aborted);
    }

    private sealed class RecordingLifetime : IHttpRequestLifetimeFeature
    {
        public CancellationToken RequestAborted { get; set; }

        public bool Aborted { get; private set; }

        public void Abort() => Aborted = true;
    }
}
