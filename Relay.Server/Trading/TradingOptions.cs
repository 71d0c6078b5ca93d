using System.ComponentModel.DataAnnotations;

namespace Relay.Server.Trading;

/// <summary>Trading settings, bound from the <c>Relay:Trading</c> configuration section.</summary>
internal sealed class TradingOptions : IValidatableObject
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Relay:Trading";

    /// <summary>The feed-mode setting <see cref="TradingBroker.Auto"/> looks at.</summary>
    public const string FeedModeKey = "Relay:Feed:Mode";

    /// <summary>
    /// <c>Auto</c> (default): the paper broker while the feed is the simulator, DhanHQ when <c>Relay:Feed:Mode</c> is
    /// <c>Dhan</c>. <c>Paper</c> forces paper trading (also with real credentials); <c>Dhan</c> forces real orders.
    /// </summary>
    public TradingBroker Broker { get; set; } = TradingBroker.Auto;

    /// <summary>
    /// Paper broker: the balance every user's paper account opens with on first use, in rupees. Default
    /// 10,00,000 (ten lakh); 0 to 1,000,000,000. Changing it does not alter accounts that already exist.
    /// </summary>
    [Range(typeof(decimal), "0", "1000000000")]
    public decimal StartingFunds { get; set; } = 1_000_000m;

    /// <summary>
    /// Paper broker: leverage of <c>INTRADAY</c> orders; they block order value ÷ leverage. Default 5; 1 to 50.
    /// <c>CNC</c> and <c>MARGIN</c> always block the full value.
    /// </summary>
    [Range(1, 50)]
    public int IntradayLeverage { get; set; } = 5;

    /// <summary>The largest quantity one order may carry, in units. Default 1,000,000; 1 to 100,000,000.</summary>
    [Range(1, 100_000_000)]
    public int MaxOrderQuantity { get; set; } = 1_000_000;

    /// <summary>
    /// Place, modify and cancel requests each user may make per second (a token bucket of this size, refilled every
    /// second); more are answered 429. Default 10 (DhanHQ's order-API limit); 1 to 1000.
    /// </summary>
    [Range(1, 1000)]
    public int OrdersPerSecondPerUser { get; set; } = 10;

    /// <summary>
    /// Paper broker: how often every resting order is checked against the last price even without a market-update
    /// notification (a safety net; fills normally follow the tick stream at once). Default 2 seconds; 100 ms to 1 hour.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.1", "01:00:00")]
    public TimeSpan FillSweepInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>DhanHQ REST v2 base address. Default <c>https://api.dhan.co/v2</c>.</summary>
    [Required]
    public Uri DhanBaseUrl { get; set; } = new("https://api.dhan.co/v2");

    /// <summary>How long one DhanHQ REST call may take before it is abandoned. Default 10 seconds; 1 to 120 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:02:00")]
    public TimeSpan DhanTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Extra attempts of a DhanHQ read (GET) after a timeout, a network error, HTTP 5xx or DH-904 (rate limit), with
    /// exponential back-off from 200 ms. Writes (place, modify, cancel) are never retried. Default 2; 0 to 5.
    /// </summary>
    [Range(0, 5)]
    public int DhanReadRetries { get; set; } = 2;

    /// <summary>
    /// Orders (place, modify, cancel) Relay sends to DhanHQ per second for all users together; the account's
    /// limit is 10 (protocol reference §6.1). Default 10; 1 to 100.
    /// </summary>
    [Range(1, 100)]
    public int DhanOrdersPerSecond { get; set; } = 10;

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (DhanBaseUrl is not { IsAbsoluteUri: true } url || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp) || !string.IsNullOrEmpty(url.Query))
        {
            yield return new ValidationResult("DhanBaseUrl must be an absolute http(s) address without a query, e.g. https://api.dhan.co/v2.", [nameof(DhanBaseUrl)]);
        }
    }
}
