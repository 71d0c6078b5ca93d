namespace Relay.Bench.Load;

/// <summary>Constants the harness processes share.</summary>
internal static class LoadDefaults
{
    /// <summary>Instrument <c>i</c> of the bench universe is <c>NSE_EQ:(FirstSecurityId + i)</c>: ids the bundled catalog does not list, so every one gets a synthetic price on the ₹0.05 grid.</summary>
    public const long FirstSecurityId = 700_001;

    /// <summary>The segment of every bench instrument.</summary>
    public const string Segment = "NSE_EQ";

    /// <summary>The simulator's client id in bench runs (not a secret: the simulator is local).</summary>
    public const string ClientId = "BENCH";

    /// <summary>The simulator's access token in bench runs (not a secret: the simulator is local).</summary>
    public const string AccessToken = "bench-token";
}
