namespace Relay.Core.Contracts;

/// <summary>Names of the market hub's endpoint and client → server methods.</summary>
public static class MarketHub
{
    /// <summary>The hub's path.</summary>
    public const string Path = "/hubs/market";

    /// <summary><c>Subscribe(instruments, mode)</c> → <c>SubscriptionResult[]</c>.</summary>
    public const string Subscribe = nameof(Subscribe);

    /// <summary><c>Unsubscribe(instruments, mode)</c>.</summary>
    public const string Unsubscribe = nameof(Unsubscribe);
}
