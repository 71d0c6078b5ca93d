using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Relay.Server.Trading;

/// <summary>
/// The orders API under <c>/api</c> (per authenticated user; the user id is the <see cref="ClaimTypes.NameIdentifier"/>
/// claim): <c>POST /orders</c> (with an optional <c>Idempotency-Key</c> header), <c>GET /orders</c>,
/// <c>GET|PUT|DELETE /orders/{orderId}</c>, <c>GET /positions</c>, <c>GET /funds</c>. Errors are RFC 7807 problem
/// details; validation problems carry <c>errors</c> by field.
/// </summary>
internal static class TradingEndpoints
{
    /// <summary>The header that makes a place request safe to retry.</summary>
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    /// <summary>Set to <c>true</c> on a place response answered from an earlier request with the same key.</summary>
    public const string ReplayedHeader = "Idempotent-Replayed";

    /// <summary>The longest Idempotency-Key accepted.</summary>
    public const int MaxIdempotencyKeyLength = 200;

    /// <summary>Maps the endpoints; every one requires an authenticated user. Returns the group.</summary>
    public static RouteGroupBuilder MapTradingEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var group = endpoints.MapGroup("/api").WithTags("Trading").RequireAuthorization();
        group.MapPost("/orders", PlaceAsync).WithName("PlaceOrder").WithSummary("Places an order (DhanHQ v2 fields).");
        group.MapGet("/orders", ListAsync).WithName("ListOrders").WithSummary("The user's orders, newest first.");
        group.MapGet("/orders/{orderId}", GetAsync).WithName("GetOrder").WithSummary("One of the user's orders.");
        group.MapPut("/orders/{orderId}", ModifyAsync).WithName("ModifyOrder").WithSummary("Modifies an open order.");
        group.MapDelete("/orders/{orderId}", CancelAsync).WithName("CancelOrder").WithSummary("Cancels an open order.");
        group.MapGet("/positions", PositionsAsync).WithName("GetPositions").WithSummary("The user's positions, marked to Relay's last prices.");
        group.MapGet("/funds", FundsAsync).WithName("GetFunds").WithSummary("The user's funds (DhanHQ fund-limit names).");
        return group;
    }

    internal static async Task<Results<Created<OrderResponse>, ProblemHttpResult, ValidationProblem>> PlaceAsync(
        PlaceOrderRequest? request,
        HttpContext context,
        ITradingBroker broker,
        OrderValidator validator,
        TradingRateLimiter limiter,
        CancellationToken cancellationToken)
    {
        if (!TryGetUserId(context.User, out var userId))
        {
            return Unauthenticated();
        }

        if (request is null)
        {
            return TypedResults.Problem("Send the order as a JSON body.", statusCode: StatusCodes.Status400BadRequest, title: "The order is invalid.");
        }

        string? key = null;
        if (context.Request.Headers.TryGetValue(IdempotencyKeyHeader, out var header))
        {
            key = header.ToString().Trim();
            if (key.Length is 0 or > MaxIdempotencyKeyLength || key.Any(c => c is < ' ' or > '~'))
            {
                return Problem(context, TradingProblem.Field(IdempotencyKeyHeader, $"The {IdempotencyKeyHeader} header is 1 to {MaxIdempotencyKeyLength} printable ASCII characters (a UUID is typical)."));
            }
        }

        var validated = await validator.ValidateAsync(request, cancellationToken);
        if (!validated.IsSuccess)
        {
            return Problem(context, validated.Problem);
        }

        if (!limiter.TryAcquire(userId))
        {
            return Problem(context, RateLimited(limiter));
        }

        var placed = await broker.PlaceAsync(userId, validated.Value, key, cancellationToken);
        if (!placed.IsSuccess)
        {
            return Problem(context, placed.Problem);
        }

        if (placed.Value.Replayed)
        {
            context.Response.Headers[ReplayedHeader] = "true";
        }

        var order = placed.Value.Order;
        return TypedResults.Created($"/api/orders/{Uri.EscapeDataString(order.OrderId)}", order);
    }

    internal static async Task<Results<Ok<IReadOnlyList<OrderResponse>>, ProblemHttpResult, ValidationProblem>> ListAsync(
        HttpContext context, ITradingBroker broker, CancellationToken cancellationToken) =>
        TryGetUserId(context.User, out var userId)
            ? Answer(context, await broker.ListOrdersAsync(userId, cancellationToken))
            : Unauthenticated();

    internal static async Task<Results<Ok<OrderResponse>, ProblemHttpResult, ValidationProblem>> GetAsync(
        string orderId, HttpContext context, ITradingBroker broker, CancellationToken cancellationToken) =>
        TryGetUserId(context.User, out var userId)
            ? Answer(context, await broker.GetOrderAsync(userId, orderId, cancellationToken))
            : Unauthenticated();

    internal static async Task<Results<Ok<OrderResponse>, ProblemHttpResult, ValidationProblem>> ModifyAsync(
        string orderId,
        ModifyOrderRequest? change,
        HttpContext context,
        ITradingBroker broker,
        TradingRateLimiter limiter,
        CancellationToken cancellationToken)
    {
        if (!TryGetUserId(context.User, out var userId))
        {
            return Unauthenticated();
        }

        if (change is null)
        {
            return TypedResults.Problem("Send the changes as a JSON body.", statusCode: StatusCodes.Status400BadRequest, title: "The modification is invalid.");
        }

        if (!limiter.TryAcquire(userId))
        {
            return Refuse<OrderResponse>(context, RateLimited(limiter));
        }

        return Answer(context, await broker.ModifyAsync(userId, orderId, change, cancellationToken));
    }

    internal static async Task<Results<Ok<OrderResponse>, ProblemHttpResult, ValidationProblem>> CancelAsync(
        string orderId, HttpContext context, ITradingBroker broker, TradingRateLimiter limiter, CancellationToken cancellationToken)
    {
        if (!TryGetUserId(context.User, out var userId))
        {
            return Unauthenticated();
        }

        if (!limiter.TryAcquire(userId))
        {
            return Refuse<OrderResponse>(context, RateLimited(limiter));
        }

        return Answer(context, await broker.CancelAsync(userId, orderId, cancellationToken));
    }

    internal static async Task<Results<Ok<IReadOnlyList<PositionResponse>>, ProblemHttpResult, ValidationProblem>> PositionsAsync(
        HttpContext context, ITradingBroker broker, CancellationToken cancellationToken) =>
        TryGetUserId(context.User, out var userId)
            ? Answer(context, await broker.GetPositionsAsync(userId, cancellationToken))
            : Unauthenticated();

    internal static async Task<Results<Ok<FundsResponse>, ProblemHttpResult, ValidationProblem>> FundsAsync(
        HttpContext context, ITradingBroker broker, CancellationToken cancellationToken) =>
        TryGetUserId(context.User, out var userId)
            ? Answer(context, await broker.GetFundsAsync(userId, cancellationToken))
            : Unauthenticated();

    /// <summary>The authenticated user's <c>users.id</c>, from the <see cref="ClaimTypes.NameIdentifier"/> claim.</summary>
    internal static bool TryGetUserId(ClaimsPrincipal user, out long userId)
    {
        userId = 0;
        return user.Identity?.IsAuthenticated == true
            && long.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), NumberStyles.None, CultureInfo.InvariantCulture, out userId)
            && userId > 0;
    }

    private static Results<Ok<T>, ProblemHttpResult, ValidationProblem> Answer<T>(HttpContext context, TradingResult<T> result) =>
        result.IsSuccess ? TypedResults.Ok(result.Value) : Refuse<T>(context, result.Problem);

    private static Results<Ok<T>, ProblemHttpResult, ValidationProblem> Refuse<T>(HttpContext context, TradingProblem problem) => ToResult(context, problem) switch
    {
        ValidationProblem validation => validation,
        var other => (ProblemHttpResult)other,
    };

    private static Results<Created<OrderResponse>, ProblemHttpResult, ValidationProblem> Problem(HttpContext context, TradingProblem problem) => ToResult(context, problem) switch
    {
        ValidationProblem validation => validation,
        var other => (ProblemHttpResult)other,
    };

    private static IResult ToResult(HttpContext context, TradingProblem problem)
    {
        if (problem.RetryAfterSeconds is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }

        if (problem.Errors is { } errors && problem.Status == StatusCodes.Status400BadRequest)
        {
            return TypedResults.ValidationProblem(errors, problem.Detail, title: problem.Title);
        }

        var extensions = problem.BrokerErrorCode is { } code ? new Dictionary<string, object?>(StringComparer.Ordinal) { ["errorCode"] = code } : null;
        return TypedResults.Problem(problem.Detail, statusCode: problem.Status, title: problem.Title, extensions: extensions);
    }

    private static TradingProblem RateLimited(TradingRateLimiter limiter) =>
        TradingProblem.RateLimited($"At most {limiter.PerSecond} order requests per second per user; wait a moment and try again.");

    private static ProblemHttpResult Unauthenticated() =>
        TypedResults.Problem("Sign in: the orders API needs an authenticated Relay user.", statusCode: StatusCodes.Status401Unauthorized, title: "Not authenticated.");
}
