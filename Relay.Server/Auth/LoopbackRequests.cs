using System.Net;
using Microsoft.AspNetCore.Http;

namespace Relay.Server.Auth;

/// <summary>Whether a request really comes from this machine, to this machine.</summary>
internal static class LoopbackRequests
{
    /// <summary>
    /// True when the client is on loopback. <paramref name="strict"/> also requires a loopback <c>Host</c> header
    /// (a page on another host name that resolves to 127.0.0.1, DNS rebinding, is refused) and no proxy headers
    /// (behind a reverse proxy every client looks like loopback).
    /// </summary>
    public static bool IsLocal(HttpContext context, bool strict)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Connection.RemoteIpAddress is not { } remote || !IPAddress.IsLoopback(remote))
        {
            return false;
        }

        if (!strict)
        {
            return true;
        }

        var headers = context.Request.Headers;
        if (headers.ContainsKey("Forwarded") || headers.ContainsKey("X-Forwarded-For") || headers.ContainsKey("X-Real-IP"))
        {
            return false;
        }

        return IsLoopbackHost(context.Request.Host.Host);
    }

    /// <summary>True for <c>localhost</c> (and <c>*.localhost</c>) and loopback IP literals.</summary>
    public static bool IsLoopbackHost(string? host)
    {
        if (string.IsNullOrEmpty(host))
        {
            return false;
        }

        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address);
    }
}
