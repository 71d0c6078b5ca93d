namespace Relay.Server.Trading;

/// <summary>
/// Maps DhanHQ failures to problem details. DhanHQ's own message is passed on (trimmed to 300 characters) with its
/// code; nothing of the request (token, client id) is ever included. DH-901 is a 503, not a 401: a 401 from Relay
/// means the caller's Relay token is wrong, while here Relay's broker credentials need renewing by an admin.
/// </summary>
internal static class DhanProblems
{
    private const int MaxMessageLength = 300;

    /// <summary>The problem for a failed call; <paramref name="action"/> reads like "place the order".</summary>
    public static TradingProblem From(DhanRawResponse response, string action)
    {
        ArgumentNullException.ThrowIfNull(response);
        switch (response.Failure)
        {
            case DhanFailureKind.NoCredentials:
                return NoCredentials();
            case DhanFailureKind.Timeout:
                return new(StatusCodes.Status504GatewayTimeout, "DhanHQ did not answer in time.", $"DhanHQ did not answer in time; could not {action}.");
            case DhanFailureKind.Network:
                return new(StatusCodes.Status502BadGateway, "DhanHQ could not be reached.", $"Relay could not reach DhanHQ; could not {action}.");
        }

        var error = response.Error;
        var message = Clean(error?.ErrorMessage);
        var code = error?.ErrorCode;
        var said = message is null ? "" : $": {message}";
        var (status, title) = code switch
        {
            "DH-901" => (StatusCodes.Status503ServiceUnavailable, "DhanHQ rejected the access token."),
            "DH-902" => (StatusCodes.Status403Forbidden, "The DhanHQ account has no access to this API."),
            "DH-903" => (StatusCodes.Status403Forbidden, "DhanHQ reports a problem with the account."),
            "DH-904" => (StatusCodes.Status429TooManyRequests, "DhanHQ's rate limit was reached."),
            "DH-905" => (StatusCodes.Status400BadRequest, "DhanHQ refused the request's values."),
            "DH-906" => (StatusCodes.Status422UnprocessableEntity, "DhanHQ rejected the order."),
            "DH-907" => (StatusCodes.Status422UnprocessableEntity, "DhanHQ has no data for the request."),
            "DH-908" or "DH-909" or "DH-910" => (StatusCodes.Status502BadGateway, "DhanHQ failed to process the request."),
            _ => (StatusCodes.Status502BadGateway, $"DhanHQ answered HTTP {(int)response.Status}."),
        };
        var detail = code switch
        {
            "DH-901" => $"DhanHQ rejected the access token ({code}{said}); an admin must store renewed DhanHQ credentials. Could not {action}.",
            null => $"DhanHQ answered HTTP {(int)response.Status} without an error code; could not {action}.",
            _ => $"Could not {action}: {code}{said}",
        };
        return new TradingProblem(status, title, detail)
        {
            BrokerErrorCode = code,
            RetryAfterSeconds = status == StatusCodes.Status429TooManyRequests ? 1 : null,
        };
    }

    /// <summary>503: no DhanHQ credentials are configured.</summary>
    public static TradingProblem NoCredentials() => new(
        StatusCodes.Status503ServiceUnavailable,
        "No DhanHQ credentials.",
        "Relay is set to trade through DhanHQ but has no DhanHQ credentials; an admin must store them.");

    private static string? Clean(string? message)
    {
        if (string.IsNullOrWhiteSpace(message))
        {
            return null;
        }

        var text = new string([.. message.Trim().Select(c => char.IsControl(c) ? ' ' : c)]);
        return text.Length > MaxMessageLength ? string.Concat(text.AsSpan(0, MaxMessageLength), "…") : text;
    }
}
