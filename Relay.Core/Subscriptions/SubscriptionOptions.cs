using System.ComponentModel.DataAnnotations;

namespace Relay.Core.Subscriptions;

/// <summary>
/// How client subscriptions are synchronised with the upstream, bound from <c>Relay:Subscriptions</c>.
/// The socket count and the per-socket cap are the feed's (<c>Relay:Feed:MaxConnections</c>,
/// <c>Relay:Feed:MaxInstrumentsPerConnection</c>).
/// </summary>
internal sealed class SubscriptionOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Relay:Subscriptions";

    /// <summary>
    /// How long changes accumulate after the first one before they are sent upstream, so that a burst becomes a few
    /// requests of up to 100 instruments and changes that cancel out send nothing. Default 25 ms; 0 to 1 s;
    /// zero sends as soon as the sender loop wakes.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:01", ParseLimitsInInvariantCulture = true, ConvertValueInInvariantCulture = true)]
    public TimeSpan CoalesceWindow { get; set; } = TimeSpan.FromMilliseconds(25);

    /// <summary>
    /// How often the desired set is compared with what was sent upstream and any drift repaired. Default 60 s;
    /// 0 to 1 h; zero disables the periodic run (reconciliation can still be run on demand).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00", ParseLimitsInInvariantCulture = true, ConvertValueInInvariantCulture = true)]
    public TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How a newly wanted instrument is given a socket. Default <see cref="SocketPlacement.MostFreeRoom"/>.</summary>
    [EnumDataType(typeof(SocketPlacement))]
    public SocketPlacement Placement { get; set; } = SocketPlacement.MostFreeRoom;
}
