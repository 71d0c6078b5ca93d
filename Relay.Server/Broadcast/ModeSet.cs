using Relay.Core.Contracts;

namespace Relay.Server.Broadcast;

/// <summary>A set of <see cref="FeedMode"/>s, one bit each.</summary>
/// <param name="Bits">Bit <c>1 &lt;&lt; (int)mode</c> per mode held.</param>
internal readonly record struct ModeSet(byte Bits)
{
    /// <summary>No mode.</summary>
    public static ModeSet None => default;

    /// <summary>True when no mode is held.</summary>
    public bool IsEmpty => Bits == 0;

    /// <summary>Whether <paramref name="mode"/> is in the set.</summary>
    public bool Contains(FeedMode mode) => (Bits & Bit(mode)) != 0;

    /// <summary>The set plus <paramref name="mode"/>.</summary>
    public ModeSet With(FeedMode mode) => new((byte)(Bits | Bit(mode)));

    /// <summary>The set without <paramref name="mode"/>.</summary>
    public ModeSet Without(FeedMode mode) => new((byte)(Bits & ~Bit(mode)));

    private static int Bit(FeedMode mode) => 1 << (int)mode;
}
