using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Relay.Core.Simulator;
using Relay.Core.Upstream;

namespace Relay.Core.Engine;

/// <summary>
/// The built-in simulator of <see cref="FeedSource.Simulator"/> mode: started before the upstream sockets
/// (register it first), which then reach it through the very same client code as DhanHQ, at the URL it
/// listens on and with the credentials it accepts.
/// </summary>
internal sealed class EmbeddedSimulator : IHostedService, IUpstreamEndpoint
{
    private readonly FeedSimulator _simulator;

    public EmbeddedSimulator(FeedSimulator simulator, IOptions<SimulatorOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _simulator = simulator ?? throw new ArgumentNullException(nameof(simulator));
        FallbackCredentials = new FeedCredentials(options.Value.ClientId, options.Value.AccessToken);
    }

    /// <summary>The simulator's URL; valid once started.</summary>
    public Uri BaseUrl => _simulator.IsRunning
        ? _simulator.Url
        : throw new InvalidOperationException("The embedded feed simulator is not running.");

    public FeedCredentials? FallbackCredentials { get; }

    public Task StartAsync(CancellationToken cancellationToken) => _simulator.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => _simulator.StopAsync(cancellationToken);
}
