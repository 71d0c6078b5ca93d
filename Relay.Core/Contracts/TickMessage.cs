using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;
using MessagePack;

namespace Relay.Core.Contracts;

/// <summary>Ticker-mode update, sent through the <c>Tick</c> callback.</summary>
/// <remarks>
/// <para>
/// On the wire a Tick is not an object but a positional array, <c>[segmentCode, securityId, ltp, ltt]</c>, e.g.
/// <c>[1,1333,1465.4,1729412345]</c>, so that a whole SignalR frame is at most 29 bytes in MessagePack (ltp as
/// float32, exactly DhanHQ's value) and 58 bytes plus the id's digits and the price's characters in JSON (68 for
/// this example). <c>segmentCode</c> is DhanHQ's numeric code (<see cref="Contracts.ExchangeSegment"/>) and
/// <c>securityId</c> an integer; this class still exposes both as DhanHQ's texts. The attributes make every
/// serializer (SignalR's JSON and MessagePack protocols with their default resolvers included) use that form.
/// </para>
/// <para>Unlike Quote and Full, a Tick does not carry Relay's receive time (it does not fit the size budget).</para>
/// </remarks>
[JsonConverter(typeof(TickMessageJsonConverter))]
[MessagePackFormatter(typeof(TickMessageFormatter))]
public sealed class TickMessage
{
    // The key behind ExchangeSegment/SecurityId when known (SecurityId 0 = not known: ids are positive). The server
    // and the readers set it with the texts, so writing the positional form needs no parsing.
    private readonly InstrumentKey _instrument;
    private readonly string _exchangeSegment = string.Empty;
    private readonly string _securityId = string.Empty;

    /// <summary>Creates an empty message; set <see cref="ExchangeSegment"/> and <see cref="SecurityId"/>.</summary>
    public TickMessage()
    {
    }

    /// <summary>Creates a message for <paramref name="instrument"/> whose texts are already known (cached per instrument).</summary>
    /// <param name="instrument">The instrument.</param>
    /// <param name="exchangeSegment">Its segment name, <c>ExchangeSegments.Name(instrument.Segment)</c>.</param>
    /// <param name="securityId">Its id text, <c>instrument.SecurityIdText</c>.</param>
    [SetsRequiredMembers]
    internal TickMessage(InstrumentKey instrument, string exchangeSegment, string securityId)
    {
        ExchangeSegment = exchangeSegment;
        SecurityId = securityId;
        _instrument = instrument; // after the texts: their setters forget any key
    }

    /// <summary>Segment name, e.g. <c>NSE_EQ</c> (a number on the wire: DhanHQ's segment code).</summary>
    public required string ExchangeSegment
    {
        get => _exchangeSegment;
        init
        {
            _exchangeSegment = value;
            _instrument = default;
        }
    }

    /// <summary>Security id as a string (an integer on the wire).</summary>
    public required string SecurityId
    {
        get => _securityId;
        init
        {
            _securityId = value;
            _instrument = default;
        }
    }

    /// <summary>Last traded price, the shortest decimal that round-trips DhanHQ's float32.</summary>
    public double Ltp { get; init; }

    /// <summary>Last trade time, epoch seconds exactly as DhanHQ sent it (see the protocol notes on its IST reading).</summary>
    public long Ltt { get; init; }

    /// <summary>
    /// The instrument of <see cref="ExchangeSegment"/> and <see cref="SecurityId"/>: the known key, or the texts
    /// parsed (a message built with an object initializer).
    /// </summary>
    /// <exception cref="FormatException">The texts are not a DhanHQ segment and a positive integer id.</exception>
    internal InstrumentKey GetInstrument()
    {
        if (_instrument.SecurityId != 0)
        {
            return _instrument;
        }

        return InstrumentKey.TryCreate(_exchangeSegment, _securityId, out var key, out var error)
            ? key
            : throw new FormatException($"A Tick cannot be sent: {error}");
    }

    /// <summary>
    /// The message a positional Tick describes, or <see langword="null"/> with <paramref name="error"/> saying what is
    /// wrong (the JSON and MessagePack readers throw it in their own exception type).
    /// </summary>
    internal static TickMessage? FromWire(long segmentCode, long securityId, double ltp, long ltt, out string? error)
    {
        if (segmentCode is < 0 or > byte.MaxValue || !ExchangeSegments.TryFromCode((byte)segmentCode, out var segment))
        {
            error = $"A Tick's segmentCode {segmentCode.ToString(System.Globalization.CultureInfo.InvariantCulture)} is not a DhanHQ exchange segment (valid codes: 0-5, 7, 8).";
            return null;
        }

        if (securityId is <= 0 or > uint.MaxValue)
        {
            error = $"A Tick's securityId {securityId.ToString(System.Globalization.CultureInfo.InvariantCulture)} is not a positive 32-bit integer.";
            return null;
        }

        error = null;
        var key = new InstrumentKey(segment, (uint)securityId);
        return new TickMessage(key, ExchangeSegments.Name(segment), key.SecurityIdText) { Ltp = ltp, Ltt = ltt };
    }
}
