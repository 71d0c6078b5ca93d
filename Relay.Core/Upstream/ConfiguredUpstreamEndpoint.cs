namespace Relay.Core.Upstream;

/// <summary>The endpoint of <see cref="FeedOptions.Url"/>. With no credentials it waits (DhanHQ) or uses placeholders (an external simulator).</summary>
internal sealed class ConfiguredUpstreamEndpoint : IUpstreamEndpoint
{
    // An external simulator needs the query string, not real values.
    private static readonly FeedCredentials SimulatorPlaceholder = new("relay-simulator", "relay-simulator");

    public ConfiguredUpstreamEndpoint(FeedOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        BaseUrl = new Uri(options.Url, UriKind.Absolute);
        FallbackCredentials = options.Mode == FeedSource.Simulator ? SimulatorPlaceholder : null;
    }

    public Uri BaseUrl { get; }

    /// <summary>Used when the store holds none: placeholders for an external simulator, none (wait) for DhanHQ.</summary>
    public FeedCredentials? FallbackCredentials { get; }

    /// <inheritdoc />
    public FeedCredentials? SelectCredentials(FeedCredentials? stored) => stored ?? FallbackCredentials;
}
