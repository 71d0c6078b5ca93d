using Relay.Core.Contracts;

namespace Relay.Client.Internal;

/// <summary>One instrument wanted in one mode; the relay keeps a subscription per pair.</summary>
internal readonly record struct DesiredSubscription(InstrumentKey Instrument, FeedMode Mode);
