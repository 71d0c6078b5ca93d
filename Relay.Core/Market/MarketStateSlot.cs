using System.Runtime.CompilerServices;
using Relay.Core.Contracts;

namespace Relay.Core.Market;

/// <summary>
/// One instrument's state inside <see cref="MarketStateStore"/>: a <see cref="MarketSnapshot"/> guarded by a
/// sequence lock. Writers serialise on the slot's monitor (uncontended in practice: one socket owns an
/// instrument); readers never lock, they copy and retry when a write overlapped the copy.
/// </summary>
internal sealed class MarketStateSlot
{
    private MarketSnapshot _value;
    private long _version;

    // Even: stable. Odd: a write is in progress.
    private int _sequence;

    public MarketStateSlot(InstrumentKey instrument) => _value.Instrument = instrument;

    /// <summary>
    /// Starts a write: takes the writer lock, marks the slot odd, stamps it with the next value of
    /// <paramref name="versionCounter"/> (or 0 when <paramref name="stampVersion"/> is false) and returns the
    /// value to mutate in place. Must be paired with <see cref="EndWrite"/> in a <c>finally</c>.
    /// </summary>
    /// <remarks>
    /// The version is drawn after the slot turned odd, so a reader that saw the store's counter at or past
    /// this version and then reads the slot either waits for this write or sees its version: a
    /// "changed since" scan can never miss an update.
    /// </remarks>
    public ref MarketSnapshot BeginWrite(ref long versionCounter, bool stampVersion = true)
    {
        Monitor.Enter(this);

        // A full fence: the odd sequence is visible before the version draw and any field store below.
        Interlocked.Increment(ref _sequence);
        _version = stampVersion ? Interlocked.Increment(ref versionCounter) : 0;
        return ref _value;
    }

    /// <summary>Ends a write: publishes the new value (sequence even again) and releases the writer lock.</summary>
    public void EndWrite()
    {
        // Release semantics: every field store above is visible before the even sequence.
        Volatile.Write(ref _sequence, _sequence + 1);
        Monitor.Exit(this);
    }

    /// <summary>Copies a consistent value; never torn, never blocks a writer.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Read(out MarketSnapshot snapshot, out long version)
    {
        var spinner = default(SpinWait);
        while (true)
        {
            var before = Volatile.Read(ref _sequence);
            if ((before & 1) == 0)
            {
                snapshot = _value;
                version = _version;

                // The copy's loads must complete before the sequence is read again.
                Interlocked.MemoryBarrier();
                if (Volatile.Read(ref _sequence) == before)
                {
                    return;
                }
            }

            spinner.SpinOnce(sleep1Threshold: -1);
        }
    }
}
