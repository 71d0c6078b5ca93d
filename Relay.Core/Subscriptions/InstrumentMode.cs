using Relay.Core.Contracts;

namespace Relay.Core.Subscriptions;

/// <summary>An instrument in one mode: a connection's reference, or one subscription the upstream holds.</summary>
/// <param name="Instrument">The instrument.</param>
/// <param name="Mode">The mode.</param>
internal readonly record struct InstrumentMode(InstrumentKey Instrument, FeedMode Mode);
