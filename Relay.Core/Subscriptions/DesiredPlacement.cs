using Relay.Core.Contracts;

namespace Relay.Core.Subscriptions;

/// <summary>Where and how the upstream should carry an instrument right now, as the subscription set wants it.</summary>
/// <param name="Instrument">The instrument.</param>
/// <param name="Socket">The upstream socket (0-based), or <see cref="SubscriptionSet.NoSocket"/> when nobody holds it any more.</param>
/// <param name="Mode">The richest mode any connection holds it in; meaningless when <see cref="IsHeld"/> is false.</param>
internal readonly record struct DesiredPlacement(InstrumentKey Instrument, int Socket, FeedMode Mode)
{
    /// <summary>True when some connection holds the instrument (it should be subscribed upstream).</summary>
    public bool IsHeld => Socket != SubscriptionSet.NoSocket;

    /// <summary>The mode wanted on <paramref name="socket"/>: <see cref="Mode"/> if the instrument lives there, otherwise <c>null</c>.</summary>
    public FeedMode? ModeOn(int socket) => Socket == socket && IsHeld ? Mode : null;
}
