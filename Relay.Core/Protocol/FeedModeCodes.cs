using Relay.Core.Contracts;

namespace Relay.Core.Protocol;

/// <summary>Maps feed modes to their request codes and back.</summary>
public static class FeedModeCodes
{
    /// <summary>The subscribe code of a mode: Ticker 15, Quote 17, Full 21.</summary>
    public static FeedRequestCode SubscribeCode(this FeedMode mode) => mode switch
    {
        FeedMode.Ticker => FeedRequestCode.SubscribeTicker,
        FeedMode.Quote => FeedRequestCode.SubscribeQuote,
        FeedMode.Full => FeedRequestCode.SubscribeFull,
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown feed mode."),
    };

    /// <summary>The unsubscribe code of a mode: always the subscribe code + 1.</summary>
    public static FeedRequestCode UnsubscribeCode(this FeedMode mode) => (FeedRequestCode)((byte)mode.SubscribeCode() + 1);

    /// <summary>Reads a request code back: the mode and whether it subscribes. False for 11, 12 and unknown codes.</summary>
    public static bool TryGetMode(FeedRequestCode code, out FeedMode mode, out bool subscribe)
    {
        (mode, subscribe) = code switch
        {
            FeedRequestCode.SubscribeTicker => (FeedMode.Ticker, true),
            FeedRequestCode.UnsubscribeTicker => (FeedMode.Ticker, false),
            FeedRequestCode.SubscribeQuote => (FeedMode.Quote, true),
            FeedRequestCode.UnsubscribeQuote => (FeedMode.Quote, false),
            FeedRequestCode.SubscribeFull => (FeedMode.Full, true),
            FeedRequestCode.UnsubscribeFull => (FeedMode.Full, false),
            _ => (default, false),
        };
        return mode != default;
    }

    /// <summary>
    /// Parses a mode name as clients send it: exactly <c>Ticker</c>, <c>Quote</c> or <c>Full</c>, case-insensitive.
    /// Numbers, surrounding spaces and comma-separated combinations (which <see cref="Enum.TryParse{TEnum}(string, bool, out TEnum)"/>
    /// would accept, e.g. <c>"Ticker,Quote"</c> as Full) are rejected.
    /// </summary>
    public static bool TryParse(string? text, out FeedMode mode)
    {
        foreach (var candidate in (ReadOnlySpan<FeedMode>)[FeedMode.Ticker, FeedMode.Quote, FeedMode.Full])
        {
            if (string.Equals(text, Name(candidate), StringComparison.OrdinalIgnoreCase))
            {
                mode = candidate;
                return true;
            }
        }

        mode = default;
        return false;
    }

    private static string Name(FeedMode mode) => mode switch
    {
        FeedMode.Ticker => nameof(FeedMode.Ticker),
        FeedMode.Quote => nameof(FeedMode.Quote),
        _ => nameof(FeedMode.Full),
    };
}
