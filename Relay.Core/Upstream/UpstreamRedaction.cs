using System.Text;

namespace Relay.Core.Upstream;

/// <summary>Keeps the token and the client id out of anything Relay logs or reports about the upstream.</summary>
internal static class UpstreamRedaction
{
    private const string Mask = "***";

    /// <summary>The endpoint as it may be logged: <c>scheme://host:port/path</c>, never the query.</summary>
    public static string Endpoint(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return url.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.Unescaped);
    }

    /// <summary>
    /// An exception's type and messages (inner ones included), with the credentials (raw and URL-escaped)
    /// and any query string masked. Used instead of logging the exception object for socket faults.
    /// </summary>
    public static string Describe(Exception exception, FeedCredentials? credentials)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var text = new StringBuilder();
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (text.Length > 0)
            {
                text.Append(" ---> ");
            }

            text.Append(e.GetType().Name).Append(": ").Append(e.Message);
        }

        return Redact(text.ToString(), credentials);
    }

    /// <summary>The innermost exception's message (usually the most specific, e.g. "Connection refused"), redacted.</summary>
    public static string Innermost(Exception exception, FeedCredentials? credentials)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var inner = exception;
        while (inner.InnerException is not null)
        {
            inner = inner.InnerException;
        }

        return Redact(inner.Message.TrimEnd('.'), credentials);
    }

    /// <summary>Masks the credentials (raw and URL-escaped) and anything after a <c>?</c> in a URL-like token.</summary>
    public static string Redact(string text, FeedCredentials? credentials)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (credentials is not null)
        {
            text = MaskValue(text, credentials.AccessToken);
            text = MaskValue(text, credentials.ClientId);
        }

        var query = text.IndexOf("?version=", StringComparison.OrdinalIgnoreCase);
        if (query >= 0)
        {
            var end = query;
            while (end < text.Length && !char.IsWhiteSpace(text[end]) && text[end] is not '\'' and not '"' and not ')')
            {
                end++;
            }

            text = string.Concat(text.AsSpan(0, query), "?" + Mask, text.AsSpan(end));
        }

        return text;
    }

    private static string MaskValue(string text, string value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return text;
        }

        text = text.Replace(value, Mask, StringComparison.Ordinal);
        var escaped = Uri.EscapeDataString(value);
        return escaped == value ? text : text.Replace(escaped, Mask, StringComparison.OrdinalIgnoreCase);
    }
}
