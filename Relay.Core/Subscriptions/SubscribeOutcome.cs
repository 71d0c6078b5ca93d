using Relay.Core.Contracts;

namespace Relay.Core.Subscriptions;

/// <summary>What the subscription set did with one instrument of a subscribe call.</summary>
/// <param name="Instrument">The instrument.</param>
/// <param name="Accepted">True when the connection now holds it in the requested mode.</param>
/// <param name="Reason">Why it was refused (e.g. over upstream capacity); <c>null</c> when accepted.</param>
public readonly record struct SubscribeOutcome(InstrumentKey Instrument, bool Accepted, string? Reason);
