using Relay.Core.Contracts;
using Relay.Core.Protocol;

namespace Relay.Core.Subscriptions;

/// <summary>
/// The upstream requests that turn what was sent into what is wanted, grouped by (phase, socket, request code) so
/// each group becomes requests of up to 100 instruments.
/// </summary>
/// <remarks>
/// Phases keep every socket under its cap as the upstream sees it, and keep data flowing across a mode change:
/// first the unsubscribes of instruments leaving a socket (they free room), then every subscribe (new instruments and
/// the new mode of a mode change), last the unsubscribes of the superseded modes.
/// </remarks>
internal sealed class RequestPlan
{
    private const int ReleasePhase = 0;
    private const int SubscribePhase = 1;
    private const int SupersedePhase = 2;

    private readonly SortedDictionary<(int Phase, int Socket, FeedRequestCode Code), List<InstrumentKey>> _groups = [];

    /// <summary>True when nothing needs sending.</summary>
    public bool IsEmpty => _groups.Count == 0;

    /// <summary>The groups in send order: phase, then socket, then request code.</summary>
    public IEnumerable<(int Socket, FeedRequestCode Code, IReadOnlyList<InstrumentKey> Instruments)> Groups =>
        _groups.Select(pair => (pair.Key.Socket, pair.Key.Code, (IReadOnlyList<InstrumentKey>)pair.Value));

    /// <summary>
    /// Adds what turns <paramref name="sentMask"/> (the modes the socket was sent for this instrument) into
    /// <paramref name="desired"/> (<c>null</c>: not on this socket). Returns false when they already agree.
    /// </summary>
    public bool AddDiff(int socket, InstrumentKey instrument, byte sentMask, FeedMode? desired)
    {
        var any = false;
        if (desired is { } mode && !FeedModeMask.Contains(sentMask, mode))
        {
            Add(SubscribePhase, socket, mode.SubscribeCode(), instrument);
            any = true;
        }

        foreach (var sent in FeedModeMask.RichestFirst)
        {
            if (sent != desired && FeedModeMask.Contains(sentMask, sent))
            {
                Add(desired is null ? ReleasePhase : SupersedePhase, socket, sent.UnsubscribeCode(), instrument);
                any = true;
            }
        }

        return any;
    }

    private void Add(int phase, int socket, FeedRequestCode code, InstrumentKey instrument)
    {
        if (!_groups.TryGetValue((phase, socket, code), out var list))
        {
            list = [];
            _groups.Add((phase, socket, code), list);
        }

        list.Add(instrument);
    }
}
