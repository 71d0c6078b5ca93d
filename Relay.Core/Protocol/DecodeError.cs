namespace Relay.Core.Protocol;

/// <summary>Why the decoder skipped bytes. Reported, never thrown.</summary>
public enum DecodeError
{
    /// <summary>Fewer than 8 bytes left in the frame: not even a header. The rest of the frame is dropped.</summary>
    TruncatedHeader,

    /// <summary>The length field is below 8 (0 included). The rest of the frame is dropped: the length cannot be trusted.</summary>
    LengthTooSmall,

    /// <summary>The length field runs past the end of the frame. The rest of the frame is dropped.</summary>
    LengthBeyondFrame,

    /// <summary>A known code whose length is shorter than its layout. Skipped by its length.</summary>
    PacketTooShort,

    /// <summary>A data packet whose segment byte is not a DhanHQ segment. Skipped by its length.</summary>
    UnknownSegment,

    /// <summary>A code DhanHQ does not document. Skipped by its length.</summary>
    UnknownCode,
}
