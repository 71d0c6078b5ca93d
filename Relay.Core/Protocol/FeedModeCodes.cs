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

    /// <summary>Parses a mode name as clients send it (<c>Ticker</c>, <c>Quote</c>, <c>Full</c>; case-insensitive).</summary>
    public static bool TryParse(string? text, out FeedMode mode)
    {
        mode = default;
        if (text is null || !Enum.TryParse(text, ignoreCase: true, out FeedMode parsed) || !Enum.IsDefined(parsed) || int.TryParse(text, out _))
        {
            return false;
        }

        mode = parsed;
        return true;
    }
}
