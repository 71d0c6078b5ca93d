using Microsoft.AspNetCore.Http.Connections.Client;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Logging;

namespace Relay.Client;

/// <summary>
/// Fluent construction of a <see cref="RelayClient"/>:
/// <c>RelayClient.Create("http://localhost:5000").UseMessagePack().WithAccessToken(GetTokenAsync).Build()</c>.
/// </summary>
public sealed class RelayClientBuilder
{
    private readonly RelayClientOptions _options = new();

    /// <summary>Sets the relay's address (see <see cref="RelayClientOptions.Url"/>).</summary>
    public RelayClientBuilder WithUrl(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        _options.Url = url;
        return this;
    }

    /// <summary>Sets the relay's address (see <see cref="RelayClientOptions.Url"/>).</summary>
    /// <exception cref="UriFormatException">The text is not a URL.</exception>
    public RelayClientBuilder WithUrl(string url)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(url);
        return WithUrl(new Uri(url, UriKind.Absolute));
    }

    /// <summary>Speaks JSON (the default).</summary>
    public RelayClientBuilder UseJson()
    {
        _options.Protocol = RelayProtocol.Json;
        return this;
    }

    /// <summary>Speaks MessagePack.</summary>
    public RelayClientBuilder UseMessagePack()
    {
        _options.Protocol = RelayProtocol.MessagePack;
        return this;
    }

    /// <summary>Sends a bearer token from <paramref name="accessTokenProvider"/> on every connect (see <see cref="RelayClientOptions.AccessTokenProvider"/>).</summary>
    public RelayClientBuilder WithAccessToken(Func<Task<string?>> accessTokenProvider)
    {
        ArgumentNullException.ThrowIfNull(accessTokenProvider);
        _options.AccessTokenProvider = accessTokenProvider;
        return this;
    }

    /// <summary>Replaces the default reconnect policy (see <see cref="RelayClientOptions.ReconnectPolicy"/>).</summary>
    public RelayClientBuilder WithReconnectPolicy(IRetryPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        _options.ReconnectPolicy = policy;
        return this;
    }

    /// <summary>Logs through <paramref name="loggerFactory"/> (the client's and SignalR's messages).</summary>
    public RelayClientBuilder WithLogger(ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _options.LoggerFactory = loggerFactory;
        return this;
    }

    /// <summary>Uses <paramref name="timeProvider"/> for retry delays.</summary>
    public RelayClientBuilder WithTimeProvider(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _options.TimeProvider = timeProvider;
        return this;
    }

    /// <summary>Sets <see cref="RelayClientOptions.StreamCapacity"/>.</summary>
    public RelayClientBuilder WithStreamCapacity(int instruments)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(instruments, 1);
        _options.StreamCapacity = instruments;
        return this;
    }

    /// <summary>Adds HTTP connection settings (see <see cref="RelayClientOptions.ConfigureHttpConnection"/>).</summary>
    public RelayClientBuilder ConfigureHttpConnection(Action<HttpConnectionOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        _options.ConfigureHttpConnection += configure;
        return this;
    }

    /// <summary>Creates the client; it does not connect until <see cref="RelayClient.ConnectAsync"/>.</summary>
    /// <exception cref="ArgumentException">No URL was set.</exception>
    public RelayClient Build() => new(_options);
}
