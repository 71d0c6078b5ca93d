using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Relay.Server.Auth;

/// <summary>
/// Refuses to start on a non-loopback address while token-less access is on (<see cref="AuthOptions.RequireUserTokens"/>
/// false): anyone who can reach the port would be the local user. Runs as a startup filter, after the host put the
/// configured URLs (<c>urls</c>, <c>ASPNETCORE_URLS</c>, <c>--urls</c>, <c>HTTP_PORTS</c>) into the server's address
/// list and before the server binds; <c>Kestrel:Endpoints</c> are read from configuration. Once listening, the bound
/// addresses are checked again (listeners configured in code), and the application stops on a violation.
/// Program calls <see cref="RefusesToStart"/> first, so a refused start normally stops before anything runs.
/// </summary>
internal sealed partial class ListenAddressGuard(
    IServer server,
    IConfiguration configuration,
    IOptions<AuthOptions> options,
    IHostApplicationLifetime lifetime,
    ILogger<ListenAddressGuard> logger) : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next)
    {
        if (!options.Value.RequireUserTokens)
        {
            var configured = (server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [])
                .Concat(configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e["Url"]).OfType<string>());
            if (FirstExposed(configured) is { } exposed)
            {
                throw new InvalidOperationException(RefusalMessage(exposed));
            }

            lifetime.ApplicationStarted.Register(CheckBoundAddresses);
        }

        return next;
    }

    /// <summary>
    /// Checks the configured listen addresses before anything starts (no key generated, no feed opened) and logs the
    /// refusal; true when Relay must not start. The configured addresses are those the host will use: <c>urls</c>
    /// (<c>ASPNETCORE_URLS</c>, <c>--urls</c>), else <c>http_ports</c>/<c>https_ports</c> on every interface, plus
    /// <c>Kestrel:Endpoints</c> and URLs added in code.
    /// </summary>
    public static bool RefusesToStart(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.Services.GetRequiredService<IOptions<AuthOptions>>().Value.RequireUserTokens
            || FirstExposed(ConfiguredAddresses(app.Configuration, app.Urls)) is not { } exposed)
        {
            return false;
        }

        LogRefused(app.Services.GetRequiredService<ILogger<ListenAddressGuard>>(), RefusalMessage(exposed));
        return true;
    }

    /// <summary>The listen URLs the host will use, from configuration (as the web host reads them) and code.</summary>
    public static IReadOnlyList<string> ConfiguredAddresses(IConfiguration configuration, IEnumerable<string> codeUrls)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(codeUrls);
        var addresses = new List<string>(codeUrls);
        var urls = configuration["urls"];
        if (!string.IsNullOrWhiteSpace(urls))
        {
            addresses.AddRange(urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }
        else
        {
            addresses.AddRange(Ports(configuration["http_ports"], "http"));
            addresses.AddRange(Ports(configuration["https_ports"], "https"));
        }

        addresses.AddRange(configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e["Url"]).OfType<string>());
        return addresses;

        static IEnumerable<string> Ports(string? ports, string scheme) =>
            (ports ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(port => $"{scheme}://*:{port}");
    }

    /// <summary>The message of a refused start.</summary>
    public static string RefusalMessage(string address) =>
        $"Relay refuses to listen on {address} without user tokens: anyone who can reach it would use Relay as the local user. " +
        $"Set {AuthOptions.RequireUserTokensVariable}=true (Relay:Auth:RequireUserTokens) and create users with tokens through the admin API, " +
        "or listen on loopback only (for example --urls http://127.0.0.1:5000).";

    /// <summary>The first address that is not loopback-only, or <c>null</c>.</summary>
    public static string? FirstExposed(IEnumerable<string> addresses)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        return addresses.FirstOrDefault(a => !IsLoopbackOnly(a));
    }

    /// <summary>
    /// True when <paramref name="address"/> (a listen URL such as <c>http://127.0.0.1:5000</c>, <c>http://localhost:0</c>,
    /// <c>http://unix:/run/relay.sock</c>) can only be reached from this machine. Wildcards (<c>*</c>, <c>+</c>,
    /// <c>0.0.0.0</c>, <c>[::]</c>) and host names are not.
    /// </summary>
    public static bool IsLoopbackOnly(string address)
    {
        BindingAddress binding;
        try
        {
            binding = BindingAddress.Parse(address);
        }
        catch (FormatException)
        {
            return false;
        }

        if (binding.IsUnixPipe || binding.IsNamedPipe)
        {
            return true;
        }

        return binding.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(binding.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
    }

    private void CheckBoundAddresses()
    {
        if (FirstExposed(server.Features.Get<IServerAddressesFeature>()?.Addresses ?? []) is { } exposed)
        {
            LogRefused(logger, RefusalMessage(exposed));
            Environment.ExitCode = 1;
            lifetime.StopApplication();
        }
    }

    [LoggerMessage(EventId = 6010, Level = LogLevel.Critical, Message = "{Message}")]
    private static partial void LogRefused(ILogger logger, string message);
}
