using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Relay.Tests.Support;

/// <summary>
/// A fake DhanHQ REST v2 server on 127.0.0.1:0 under <c>/v2</c>: an order book in memory, every request recorded
/// (method, path, headers, body), and scripted failures (error bodies, a place that hangs, failing reads).
/// </summary>
internal sealed class TradingFakeDhanServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<TradingFakeDhanRequest> _requests = new();
    private readonly ConcurrentDictionary<string, JsonObject> _orders = new();
    private int _nextId = 52_000_000;
    private int _failReads;

    private TradingFakeDhanServer(WebApplication app) => _app = app;

    /// <summary>The base URL to configure (<c>http://127.0.0.1:port/v2</c>).</summary>
    public Uri BaseUrl { get; private set; } = null!;

    public IReadOnlyList<TradingFakeDhanRequest> Requests => [.. _requests];

    /// <summary>Answer every place with this error (HTTP status, DhanHQ error code, message); <c>null</c> to accept.</summary>
    public (int Status, string Code, string Message)? PlaceError { get; set; }

    /// <summary>How long a place hangs before answering; it records the order first when <see cref="HangAfterRecording"/>.</summary>
    public TimeSpan PlaceDelay { get; set; }

    /// <summary>True: a hanging place has already booked the order (the timeout loses only the answer).</summary>
    public bool HangAfterRecording { get; set; } = true;

    /// <summary>The status new orders get.</summary>
    public string NewOrderStatus { get; set; } = "PENDING";

    /// <summary>The next <paramref name="count"/> GETs answer HTTP 500 (DH-908).</summary>
    public void FailNextReads(int count) => Interlocked.Exchange(ref _failReads, count);

    public int Count(string method, string pathStart) => _requests.Count(r => r.Method == method && r.Path.StartsWith(pathStart, StringComparison.Ordinal));

    public JsonObject? Order(string orderId) => _orders.GetValueOrDefault(orderId);

    public static async Task<TradingFakeDhanServer> StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Test" });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(1));
        var app = builder.Build();
        var server = new TradingFakeDhanServer(app);
        server.Map(app);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = new Uri(address.TrimEnd('/') + "/v2");
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _app.StopAsync();
        }
        finally
        {
            await _app.DisposeAsync();
        }
    }

    private static IResult Error(int status, string code, string message) =>
        Results.Json(new { errorType = "Order_Error", errorCode = code, errorMessage = message }, statusCode: status);

    private void Map(WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            context.Request.EnableBuffering();
            using var reader = new StreamReader(context.Request.Body, leaveOpen: true);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            context.Request.Body.Position = 0;
            _requests.Enqueue(new TradingFakeDhanRequest(
                context.Request.Method,
                context.Request.Path.Value ?? "",
                context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString()),
                body));
            if (HttpMethods.IsGet(context.Request.Method) && Interlocked.Decrement(ref _failReads) >= 0)
            {
                await Error(500, "DH-908", "internal server error").ExecuteAsync(context);
                return;
            }

            await next(context);
        });

        app.MapPost("/v2/orders", async (HttpContext context) =>
        {
            var body = JsonNode.Parse(_requests.Last(r => r.Method == "POST").Body)!.AsObject();
            if (PlaceError is { } error)
            {
                return Error(error.Status, error.Code, error.Message);
            }

            var id = Interlocked.Increment(ref _nextId).ToString(CultureInfo.InvariantCulture);
            if (PlaceDelay > TimeSpan.Zero)
            {
                if (HangAfterRecording)
                {
                    Book(id, body);
                }

                try
                {
                    await Task.Delay(PlaceDelay, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    return Results.Empty;
                }

                if (!HangAfterRecording)
                {
                    Book(id, body);
                }
            }
            else
            {
                Book(id, body);
            }

            return Results.Json(new { orderId = id, orderStatus = NewOrderStatus });
        });
        app.MapGet("/v2/orders", () => Results.Json(_orders.Values.ToArray()));
        app.MapGet("/v2/orders/{id}", (string id) => _orders.TryGetValue(id, out var order) ? Results.Json(order) : Error(404, "DH-906", "Invalid order id"));
        app.MapGet("/v2/orders/external/{correlationId}", (string correlationId) =>
            _orders.Values.FirstOrDefault(o => (string?)o["correlationId"] == correlationId) is { } order
                ? Results.Json(order)
                : Error(404, "DH-907", "No data found"));
        app.MapPut("/v2/orders/{id}", (string id) =>
        {
            if (!_orders.TryGetValue(id, out var order))
            {
                return Error(404, "DH-906", "Invalid order id");
            }

            var change = JsonNode.Parse(_requests.Last(r => r.Method == "PUT").Body)!.AsObject();
            foreach (var field in new[] { "quantity", "price", "triggerPrice", "orderType", "validity" })
            {
                order[field] = change[field]?.DeepClone();
            }

            return Results.Json(new { orderId = id, orderStatus = "PENDING" });
        });
        app.MapDelete("/v2/orders/{id}", (string id) =>
        {
            if (!_orders.TryGetValue(id, out var order))
            {
                return Error(404, "DH-906", "Invalid order id");
            }

            if ((string?)order["orderStatus"] != "PENDING")
            {
                return Error(400, "DH-906", "Order is not in a cancellable state");
            }

            order["orderStatus"] = "CANCELLED";
            return Results.Json(new { orderId = id, orderStatus = "CANCELLED" });
        });
        app.MapGet("/v2/positions", () => Results.Content(
            """[{"dhanClientId":"1000000001","tradingSymbol":"HDFCBANK","securityId":"1333","positionType":"LONG","exchangeSegment":"NSE_EQ","productType":"CNC","buyAvg":980.5,"buyQty":10,"costPrice":980.5,"sellAvg":0,"sellQty":0,"netQty":10,"realizedProfit":0,"unrealizedProfit":45.0}]""",
            "application/json"));
        app.MapGet("/v2/fundlimit", () => Results.Content(
            """{"dhanClientId":"1000000001","availabelBalance":98440.0,"sodLimit":113642,"collateralAmount":0,"receiveableAmount":0,"utilizedAmount":15202,"blockedPayoutAmount":0,"withdrawableBalance":98310.0}""",
            "application/json"));
    }

    private void Book(string id, JsonObject body)
    {
        var order = new JsonObject
        {
            ["dhanClientId"] = body["dhanClientId"]?.DeepClone(),
            ["orderId"] = id,
            ["correlationId"] = body["correlationId"]?.DeepClone(),
            ["orderStatus"] = NewOrderStatus,
            ["transactionType"] = body["transactionType"]?.DeepClone(),
            ["exchangeSegment"] = body["exchangeSegment"]?.DeepClone(),
            ["productType"] = body["productType"]?.DeepClone(),
            ["orderType"] = body["orderType"]?.DeepClone(),
            ["validity"] = body["validity"]?.DeepClone(),
            ["tradingSymbol"] = "",
            ["securityId"] = body["securityId"]?.DeepClone(),
            ["quantity"] = body["quantity"]?.DeepClone(),
            ["price"] = body["price"]?.DeepClone(),
            ["triggerPrice"] = body["triggerPrice"]?.DeepClone(),
            ["createTime"] = "2026-07-15 10:15:30",
            ["updateTime"] = "2026-07-15 10:15:30",
            ["filledQty"] = NewOrderStatus == "TRADED" ? body["quantity"]?.DeepClone() : 0,
            ["averageTradedPrice"] = 0,
        };
        _orders[id] = order;
    }
}
