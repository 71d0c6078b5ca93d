using Relay.Core.Contracts;

namespace Relay.Core.Subscriptions;

/// <summary>A set of feed modes packed in one byte (bit <c>1 &lt;&lt; mode</c>).</summary>
internal static class FeedModeMask
{
    /// <summary>Every mode, richest first.</summary>
    public static readonly FeedMode[] RichestFirst = [FeedMode.Full, FeedMode.Quote, FeedMode.Ticker];

    /// <summary>The bit of <paramref name="mode"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The mode is not Ticker, Quote or Full.</exception>
    public static byte Bit(FeedMode mode) => mode is FeedMode.Ticker or FeedMode.Quote or FeedMode.Full
        ? (byte)(1 << (int)mode)
        : throw new ArgumentOutOfRangeException(nameof(mode), mode, "Feed mode must be Ticker, Quote or Full.");

    /// <summary>True when <paramref name="mask"/> contains <paramref name="mode"/>.</summary>
    public static bool Contains(byte mask, FeedMode mode) => (mask & Bit(mode)) != 0;

    /// <summary>The richest mode in <paramref name="mask"/>, or <c>null</c> when it is empty.</summary>
    public static FeedMode? Richest(byte mask)
    {
        foreach (var mode in RichestFirst)
        {
            if (Contains(mask, mode))
            {
                return mode;
            }
        }

        return null;
    }
}
