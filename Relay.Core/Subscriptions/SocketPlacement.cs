namespace Relay.Core.Subscriptions;

/// <summary>Which upstream socket a newly wanted instrument goes to. An instrument stays on its socket while it is held.</summary>
public enum SocketPlacement
{
    /// <summary>
    /// The socket with the most free room (ties go to the lowest index): spreads instruments, and so the packet
    /// load and the blast radius of one socket dropping, over every configured socket. The default.
    /// </summary>
    MostFreeRoom = 0,

    /// <summary>The first socket with room: fills socket 0 before using socket 1, keeping the other sockets empty.</summary>
    FirstFit = 1,
}
