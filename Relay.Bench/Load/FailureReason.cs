using System.Globalization;

namespace Relay.Bench.Load;

/// <summary>Counts why client sessions failed, so that a report says what went wrong and not only how often.</summary>
internal static class FailureReason
{
    private const int MaxReasons = 20;
    private const int MaxLength = 200;

    /// <summary>Counts <paramref name="exception"/> by its type and message (and its inner exception's), on one line.</summary>
    public static void Count(Dictionary<string, int> reasons, Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var text = exception.Message.ReplaceLineEndings(" ");
        var reason = $"{exception.GetType().Name}: {text}";
        if (exception.InnerException is { } inner)
        {
            reason += $" ({inner.GetType().Name}: {inner.Message.ReplaceLineEndings(" ")})";
        }

        Count(reasons, reason);
    }

    /// <summary>Counts <paramref name="reason"/> <paramref name="times"/> times; past 20 distinct reasons the rest go under "other".</summary>
    public static void Count(Dictionary<string, int> reasons, string reason, int times = 1)
    {
        ArgumentNullException.ThrowIfNull(reasons);
        ArgumentNullException.ThrowIfNull(reason);
        var key = reason.Length > MaxLength ? reason[..MaxLength] + "…" : reason;
        if (!reasons.ContainsKey(key) && reasons.Count >= MaxReasons)
        {
            key = "other";
        }

        reasons[key] = reasons.GetValueOrDefault(key) + times;
    }

    /// <summary>Adds <paramref name="from"/>'s counts to <paramref name="into"/>.</summary>
    public static void Merge(Dictionary<string, int> into, IReadOnlyDictionary<string, int> from)
    {
        ArgumentNullException.ThrowIfNull(from);
        foreach (var (reason, times) in from)
        {
            Count(into, reason, times);
        }
    }

    /// <summary>The reasons, most frequent first: "WebSocketException: … × 3; …".</summary>
    public static string Describe(IReadOnlyDictionary<string, int> reasons)
    {
        ArgumentNullException.ThrowIfNull(reasons);
        return reasons.Count == 0
            ? "no reason recorded"
            : string.Join("; ", reasons.OrderByDescending(r => r.Value).Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Key} × {r.Value}")));
    }
}
