using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace Relay.Server.Trading;

/// <summary>
/// DhanHQ REST v2 order, portfolio and funds calls (protocol reference §6.1-6.3) with the current broker
/// credentials in the <c>access-token</c> and <c>client-id</c> headers. Every call has the
/// <see cref="TradingOptions.DhanTimeout"/>; reads (GET) are retried on timeouts, network errors, 5xx and rate
/// limits (<see cref="TradingOptions.DhanReadRetries"/>); writes (place, modify, cancel) are sent exactly once.
/// Never logs a header, a body or a URL with a query.
/// </summary>
internal sealed partial class DhanOrderClient
{
    private readonly HttpClient _http;
    private readonly IBrokerCredentialsProvider _credentials;
    private readonly TradingOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<DhanOrderClient> _logger;
    private readonly ResiliencePipeline<DhanRawResponse> _reads;

    public DhanOrderClient(HttpClient http, IBrokerCredentialsProvider credentials, IOptions<TradingOptions> options, TimeProvider time, ILogger<DhanOrderClient> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _http = http;
        _credentials = credentials;
        _options = options.Value;
        _time = time;
        _logger = logger;
        var builder = new ResiliencePipelineBuilder<DhanRawResponse> { TimeProvider = time };
        if (_options.DhanReadRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<DhanRawResponse>
            {
                MaxRetryAttempts = _options.DhanReadRetries,
                BackoffType = DelayBackoffType.Exponential,
                Delay = TimeSpan.FromMilliseconds(200),
                UseJitter = true,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Result?.IsTransient == true),
                OnRetry = args =>
                {
                    LogRetry(args.AttemptNumber + 1, args.Outcome.Result?.Failure ?? DhanFailureKind.Network, (int)(args.Outcome.Result?.Status ?? 0));
                    return ValueTask.CompletedTask;
                },
            });
        }

        _reads = builder.Build();
    }

    /// <summary>The base address all paths are relative to.</summary>
    public static Uri BaseAddress(Uri configured)
    {
        ArgumentNullException.ThrowIfNull(configured);
        var text = configured.ToString();
        return new Uri(text.EndsWith('/') ? text : text + "/");
    }

    /// <summary>The client id sent in bodies, or <c>null</c> when no credentials are configured.</summary>
    public async ValueTask<string?> ClientIdAsync(CancellationToken cancellationToken) => (await _credentials.GetAsync(cancellationToken))?.ClientId;

    public Task<DhanRawResponse> PlaceAsync(DhanPlaceOrderBody body, CancellationToken cancellationToken) =>
        SendOnceAsync(HttpMethod.Post, "orders", body, cancellationToken);

    public Task<DhanRawResponse> ModifyAsync(string orderId, DhanModifyOrderBody body, CancellationToken cancellationToken) =>
        SendOnceAsync(HttpMethod.Put, $"orders/{Uri.EscapeDataString(orderId)}", body, cancellationToken);

    public Task<DhanRawResponse> CancelAsync(string orderId, CancellationToken cancellationToken) =>
        SendOnceAsync(HttpMethod.Delete, $"orders/{Uri.EscapeDataString(orderId)}", null, cancellationToken);

    public Task<DhanRawResponse> GetOrdersAsync(CancellationToken cancellationToken) => ReadAsync("orders", cancellationToken);

    public Task<DhanRawResponse> GetOrderAsync(string orderId, CancellationToken cancellationToken) =>
        ReadAsync($"orders/{Uri.EscapeDataString(orderId)}", cancellationToken);

    public Task<DhanRawResponse> GetOrderByCorrelationIdAsync(string correlationId, CancellationToken cancellationToken) =>
        ReadAsync($"orders/external/{Uri.EscapeDataString(correlationId)}", cancellationToken);

    public Task<DhanRawResponse> GetPositionsAsync(CancellationToken cancellationToken) => ReadAsync("positions", cancellationToken);

    public Task<DhanRawResponse> GetFundLimitAsync(CancellationToken cancellationToken) => ReadAsync("fundlimit", cancellationToken);

    private async Task<DhanRawResponse> ReadAsync(string path, CancellationToken cancellationToken) =>
        await _reads.ExecuteAsync(
            static async (state, token) => await state.Client.SendOnceAsync(HttpMethod.Get, state.Path, null, token),
            (Client: this, Path: path),
            cancellationToken);

    private async Task<DhanRawResponse> SendOnceAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        var credentials = await _credentials.GetAsync(cancellationToken);
        if (credentials is null)
        {
            return new DhanRawResponse(DhanFailureKind.NoCredentials);
        }

        using var timeout = new CancellationTokenSource(_options.DhanTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        request.Headers.TryAddWithoutValidation("access-token", credentials.AccessToken);
        request.Headers.TryAddWithoutValidation("client-id", credentials.ClientId);
        request.Headers.Accept.ParseAdd("application/json");
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: DhanJson.Options);
        }

        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, linked.Token);
            var text = await response.Content.ReadAsStringAsync(linked.Token);
            if (response.IsSuccessStatusCode)
            {
                return new DhanRawResponse(DhanFailureKind.None, response.StatusCode, text);
            }

            var failed = new DhanRawResponse(DhanFailureKind.Http, response.StatusCode, text);
            LogFailed(method.Method, FirstSegment(path), (int)response.StatusCode, failed.Error?.ErrorCode ?? "-");
            return failed;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            LogTimedOut(method.Method, FirstSegment(path), _options.DhanTimeout);
            return new DhanRawResponse(DhanFailureKind.Timeout);
        }
        catch (HttpRequestException ex)
        {
            // The exception type and socket error only: the message may name the host, never a header.
            LogNetwork(method.Method, FirstSegment(path), ex.HttpRequestError.ToString());
            return new DhanRawResponse(DhanFailureKind.Network, HttpStatusCode.BadGateway);
        }
    }

    /// <summary>The resource name for logs (<c>orders</c>, <c>positions</c>...): ids and correlation ids stay out.</summary>
    private static string FirstSegment(string path) => path.Split('/')[0];

    [LoggerMessage(EventId = 7130, Level = LogLevel.Warning, Message = "DhanHQ {Method} /{Resource} answered HTTP {Status} ({ErrorCode})")]
    private partial void LogFailed(string method, string resource, int status, string errorCode);

    [LoggerMessage(EventId = 7131, Level = LogLevel.Warning, Message = "DhanHQ {Method} /{Resource} did not answer within {Timeout}")]
    private partial void LogTimedOut(string method, string resource, TimeSpan timeout);

    [LoggerMessage(EventId = 7132, Level = LogLevel.Warning, Message = "DhanHQ {Method} /{Resource} failed: {Error}")]
    private partial void LogNetwork(string method, string resource, string error);

    [LoggerMessage(EventId = 7133, Level = LogLevel.Information, Message = "Retrying a DhanHQ read (attempt {Attempt}) after {Failure} {Status}")]
    private partial void LogRetry(int attempt, DhanFailureKind failure, int status);
}
