using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Relay.Core.Simulator;
using Relay.Core.Upstream;

namespace Relay.Core.Engine;

/// <summary>
/// The built-in simulator of <see cref="FeedSource.Simulator"/> mode: started before the upstream sockets
/// (register it first), which then reach it through the very same client code as DhanHQ, at the URL it
/// listens on and with the credentials it accepts (never the DhanHQ ones of the credential store).
/// </summary>
internal sealed class EmbeddedSimulator : IHostedService, IUpstreamEndpoint
{
    private readonly FeedSimulator _simulator;
    private readonly FeedCredentials _credentials;

    public EmbeddedSimulator(FeedSimulator simulator, IOptions<SimulatorOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _simulator = simulator ?? throw new ArgumentNullException(nameof(simulator));
        _credentials = new FeedCredentials(options.Value.ClientId, options.Value.AccessToken);
    }

    /// <summary>The simulator's URL; valid once started.</summary>
    public Uri BaseUrl => _simulator.IsRunning
        ? _simulator.Url
        : throw new InvalidOperationException("The embedded feed simulator is not running.");

    /// <summary>
    /// Always the simulator's own: the credential store holds DhanHQ's (seeded by the server from what an admin
    /// saved, whatever the mode), which the simulator does not accept.
    /// </summary>
    public FeedCredentials? SelectCredentials(FeedCredentials? stored) => _credentials;

    public Task StartAsync(CancellationToken cancellationToken) => _simulator.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => _simulator.StopAsync(cancellationToken);
}
