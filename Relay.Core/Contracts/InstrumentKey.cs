using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Relay.Core.Contracts;

/// <summary>
/// Identity of an instrument: DhanHQ security ids are unique only within a segment. Its text form is
/// <c>NSE_EQ:1333</c>, used in URLs, logs and group names.
/// </summary>
/// <param name="Segment">The exchange segment.</param>
/// <param name="SecurityId">The DhanHQ security id (a positive integer).</param>
public readonly record struct InstrumentKey(ExchangeSegment Segment, uint SecurityId)
{
    /// <summary>The text key, e.g. <c>NSE_EQ:1333</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{ExchangeSegments.Name(Segment)}:{SecurityId}");

    /// <summary>The security id as DhanHQ's JSON carries it (a decimal string).</summary>
    public string SecurityIdText => SecurityId.ToString(CultureInfo.InvariantCulture);

    /// <summary>Parses <c>SEGMENT:ID</c>; the id must be a positive integer.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out InstrumentKey key)
    {
        key = default;
        if (text is null)
        {
            return false;
        }

        var colon = text.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && TryCreate(text.AsSpan(0, colon), text.AsSpan(colon + 1), out key, out _);
    }

    /// <summary>Parses <c>SEGMENT:ID</c>.</summary>
    /// <exception cref="FormatException">The text is not a valid key; the message says which part is wrong.</exception>
    public static InstrumentKey Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            throw new FormatException($"Instrument key '{ExchangeSegments.Truncate(text)}' is not of the form SEGMENT:SECURITY_ID (e.g. NSE_EQ:1333).");
        }

        return TryCreate(text.AsSpan(0, colon), text.AsSpan(colon + 1), out var key, out var error)
            ? key
            : throw new FormatException(error);
    }

    /// <summary>
    /// Validates a segment name and a security id as a client sends them
    /// (<c>{ "exchangeSegment": "NSE_EQ", "securityId": "1333" }</c>).
    /// </summary>
    /// <param name="segment">The segment name.</param>
    /// <param name="securityId">The security id text; must be a positive integer.</param>
    /// <param name="key">The key when valid.</param>
    /// <param name="error">A message for the client when invalid, otherwise <c>null</c>.</param>
    public static bool TryCreate(ReadOnlySpan<char> segment, ReadOnlySpan<char> securityId, out InstrumentKey key, [NotNullWhen(false)] out string? error)
    {
        key = default;
        if (!ExchangeSegments.TryParse(segment, out var seg))
        {
            error = $"Unknown exchange segment '{ExchangeSegments.Truncate(segment.ToString())}'.";
            return false;
        }

        if (!uint.TryParse(securityId, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id == 0)
        {
            error = $"Security id '{ExchangeSegments.Truncate(securityId.ToString())}' is not a positive integer.";
            return false;
        }

        key = new InstrumentKey(seg, id);
        error = null;
        return true;
    }
}
