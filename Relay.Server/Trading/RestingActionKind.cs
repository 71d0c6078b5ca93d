namespace Relay.Server.Trading;

/// <summary>See <see cref="RestingAction"/>.</summary>
internal enum RestingActionKind
{
    /// <summary>The order keeps resting unchanged.</summary>
    None,

    /// <summary>A STOP_LOSS's trigger traded; it now rests as a limit order.</summary>
    Trigger,

    /// <summary>The order fills.</summary>
    Fill,
}
