namespace Relay.Server.Trading;

/// <summary>
/// Why a trading request failed, as the RFC 7807 problem details the endpoints return: HTTP status, a short title,
/// a detail a person can act on, per-field <see cref="Errors"/> for validation, and DhanHQ's error code when it
/// came from DhanHQ. Never carries a token or a client id.
/// </summary>
internal sealed record TradingProblem(int Status, string Title, string Detail)
{
    /// <summary>Per-field messages (field name in the request's JSON spelling → messages), or <c>null</c>.</summary>
    public IReadOnlyDictionary<string, string[]>? Errors { get; init; }

    /// <summary>DhanHQ's <c>errorCode</c> (e.g. <c>DH-906</c>) when DhanHQ refused, otherwise <c>null</c>.</summary>
    public string? BrokerErrorCode { get; init; }

    /// <summary>Seconds after which a retry may succeed (429), or <c>null</c>.</summary>
    public int? RetryAfterSeconds { get; init; }

    /// <summary>A 400 validation problem; the detail lists every message.</summary>
    public static TradingProblem Validation(IReadOnlyDictionary<string, string[]> errors, string title = "The order is invalid.") =>
        new(StatusCodes.Status400BadRequest, title, string.Join(" ", errors.Values.SelectMany(m => m))) { Errors = errors };

    /// <summary>A 400 validation problem about one field.</summary>
    public static TradingProblem Field(string field, string message, string title = "The order is invalid.") =>
        Validation(new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [message] }, title);

    /// <summary>404: no such order for this user.</summary>
    public static TradingProblem OrderNotFound(string orderId) =>
        new(StatusCodes.Status404NotFound, "Order not found.", $"There is no order {Quote(orderId)} among your orders.");

    /// <summary>409: the order is final (filled, cancelled, rejected or expired).</summary>
    public static TradingProblem NotOpen(string orderId, string status, string action) =>
        new(StatusCodes.Status409Conflict, $"The order can no longer be {action}.", $"Order {Quote(orderId)} is {status} and can no longer be {action}.");

    /// <summary>422: the account cannot pay for the order.</summary>
    public static TradingProblem InsufficientFunds(long neededUnits, long availableUnits) =>
        new(
            StatusCodes.Status422UnprocessableEntity,
            "Insufficient funds.",
            $"The order needs ₹{Money.Format(neededUnits)} but only ₹{Money.Format(Math.Max(0, availableUnits))} is available.");

    /// <summary>429: too many order requests.</summary>
    public static TradingProblem RateLimited(string detail, int retryAfterSeconds = 1) =>
        new(StatusCodes.Status429TooManyRequests, "Too many order requests.", detail) { RetryAfterSeconds = retryAfterSeconds };

    /// <summary>Quotes user-supplied text for a message, truncated.</summary>
    public static string Quote(string? text) => text is { Length: > 40 } ? string.Concat("'", text.AsSpan(0, 40), "…'") : $"'{text}'";
}
