using System.ComponentModel.DataAnnotations;

namespace Relay.Server.Limits;

/// <summary>
/// Per-user limits (section <c>Relay:Limits</c>). Over a limit, REST answers 429 with problem details and a
/// <c>Retry-After</c>; the hub answers the call with an error starting <c>rate limit:</c>. Every refusal is counted
/// (<c>relay_limits_rejected_total</c>). The per-connection instrument cap is <c>Relay:Hub:MaxInstrumentsPerConnection</c>.
/// </summary>
internal sealed class LimitsOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Relay:Limits";

    /// <summary>
    /// REST calls under <c>/api</c> one user (or, without one, one client address) may make per <see cref="RestWindow"/>.
    /// Default 300; 1 to 1000000.
    /// </summary>
    [Range(1, 1_000_000)]
    public int RestPermitLimit { get; set; } = 300;

    /// <summary>The window of <see cref="RestPermitLimit"/> (fixed windows). Default 1 minute; 1 second to 1 hour.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan RestWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Hub calls (Subscribe, Unsubscribe) per second per connection, with bursts up to the same number. Default 20;
    /// 1 to 10000.
    /// </summary>
    [Range(1, 10_000)]
    public int HubCallsPerSecond { get; set; } = 20;

    /// <summary>
    /// Instruments all of one user's connections may hold together (hub and <c>/ws</c>, each connection counting what
    /// it holds); a <c>Subscribe</c> call made at or over it is refused. Not applied to the local user of a token-less
    /// loopback start (one user, alone). Default 10000; 1 to 1000000.
    /// </summary>
    [Range(1, 1_000_000)]
    public int MaxInstrumentsPerUser { get; set; } = 10_000;
}
