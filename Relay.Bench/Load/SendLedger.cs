using System.IO.MemoryMappedFiles;

namespace Relay.Bench.Load;

/// <summary>
/// The shared-memory file through which the harness processes agree on what was sent when, without any special code
/// path in the server under test. The simulator process writes one entry per ticker tick it puts on the wire (the
/// instrument's price in ticks, which the bench simulator makes strictly increasing per instrument, the monotonic
/// send timestamp and the measurement window it belongs to); a client that decodes a Tick looks the price up and
/// gets the send time. The orchestrator sets the window and reads the per-window ranges afterwards.
/// </summary>
/// <remarks>
/// <para>Layout (little-endian, 8-byte aligned): a 4 KiB header; then per instrument a 256-byte record (total sends,
/// the first tick price ever sent, and per window its first and last price); then per instrument a ring of
/// <see cref="RingSize"/> 16-byte entries (price in ticks with the window in the top byte, send timestamp).</para>
/// <para>Timestamps are <see cref="TimeProvider.GetTimestamp"/> of the system provider (CLOCK_MONOTONIC on Linux),
/// the same clock in every process of the machine.</para>
/// <para>Writes happen-before the packet's send and the client's read happens-after its receive, so the entry a client
/// reads is complete; cross-process counters use interlocked operations on the mapping.</para>
/// </remarks>
internal sealed unsafe class SendLedger : IDisposable
{
    /// <summary>Windows 1..MaxWindows are measured; 0 is warm-up, <see cref="DrainWindow"/> is after the last one.</summary>
    public const int MaxWindows = 8;

    /// <summary>The window value of sends after measurement ended.</summary>
    public const int DrainWindow = 15;

    private const long Magic = 0x5245_4C41_5942_4E31; // "RELAYBN1"
    private const int HeaderSize = 4096;
    private const int InstrumentRecordSize = 256;
    private const int EntrySize = 16;

    // Header offsets.
    private const int MagicOffset = 0;
    private const int InstrumentCountOffset = 8;
    private const int RingSizeOffset = 12;
    private const int WindowOffset = 16;
    private const int TickRateOffset = 24; // double: requested base tick rate per instrument (0 = unchanged)
    private const int CommandOffset = 32; // int: command sequence for the clients
    private const int CommandArgOffset = 40; // long
    private const int CountersOffset = 256; // int[16]: cross-process counters
    private const int StopOffset = 512;

    // Instrument record offsets.
    private const int TotalSendsOffset = 0;
    private const int FirstEverOffset = 8;
    private const int WindowRangesOffset = 16; // per window: long first, long last

    private readonly MemoryMappedFile _file;
    private readonly MemoryMappedViewAccessor _view;
    private readonly byte* _base;
    private readonly int _ringMask;

    private SendLedger(MemoryMappedFile file, MemoryMappedViewAccessor view, string path)
    {
        _file = file;
        _view = view;
        Path = path;
        byte* pointer = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        _base = pointer + view.PointerOffset;
        InstrumentCount = *(int*)(_base + InstrumentCountOffset);
        RingSize = *(int*)(_base + RingSizeOffset);
        _ringMask = RingSize - 1;
    }

    /// <summary>The file's path (under /dev/shm when available).</summary>
    public string Path { get; }

    /// <summary>Instruments covered: index i is security id <c>FirstSecurityId + i</c>.</summary>
    public int InstrumentCount { get; }

    /// <summary>Entries per instrument ring (a power of two).</summary>
    public int RingSize { get; }

    /// <summary>The current window: sends are tagged with it.</summary>
    public int Window
    {
        get => Volatile.Read(ref *(int*)(_base + WindowOffset));
        set => Volatile.Write(ref *(int*)(_base + WindowOffset), value);
    }

    /// <summary>Base tick rate per instrument the simulator process should apply; 0 = leave as is.</summary>
    public double RequestedTickRate
    {
        get => Volatile.Read(ref *(double*)(_base + TickRateOffset));
        set => Volatile.Write(ref *(double*)(_base + TickRateOffset), value);
    }

    /// <summary>Set by the orchestrator when every process should finish.</summary>
    public bool StopRequested
    {
        get => Volatile.Read(ref *(int*)(_base + StopOffset)) != 0;
        set => Volatile.Write(ref *(int*)(_base + StopOffset), value ? 1 : 0);
    }

    /// <summary>Creates (or truncates) the file.</summary>
    public static SendLedger Create(string path, int instrumentCount, int ringSize)
    {
        if (ringSize <= 0 || (ringSize & (ringSize - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(ringSize), ringSize, "The ring size must be a power of two.");
        }

        var length = SizeFor(instrumentCount, ringSize);
        using (var stream = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.ReadWrite))
        {
            stream.SetLength(length);
        }

        var ledger = Open(path, initialize: (instrumentCount, ringSize));
        for (var i = 0; i < instrumentCount; i++)
        {
            var record = ledger.Record(i);
            *(long*)(record + FirstEverOffset) = -1;
            for (var w = 0; w <= MaxWindows; w++)
            {
                *(long*)(record + WindowRangesOffset + (w * 16)) = -1;
                *(long*)(record + WindowRangesOffset + (w * 16) + 8) = -1;
            }
        }

        *(long*)(ledger._base + MagicOffset) = Magic;
        return ledger;
    }

    /// <summary>Opens a file created by <see cref="Create"/>.</summary>
    public static SendLedger Open(string path) => Open(path, initialize: null);

    /// <summary>A path under /dev/shm (RAM) when it exists, else the temp folder.</summary>
    public static string DefaultPath(string runId) =>
        System.IO.Path.Combine(Directory.Exists("/dev/shm") ? "/dev/shm" : System.IO.Path.GetTempPath(), $"relay-bench-{runId}.ledger");

    /// <summary>
    /// Records one tick put on the wire: <paramref name="priceTicks"/> (the price in ticks of ₹0.05) of instrument
    /// <paramref name="index"/> at <paramref name="timestamp"/>. Called by the simulator process only.
    /// </summary>
    public void RecordSend(int index, long priceTicks, long timestamp)
    {
        if ((uint)index >= (uint)InstrumentCount || priceTicks < 0)
        {
            return;
        }

        var window = Window;
        var record = Record(index);
        var entry = Entry(index, priceTicks);
        *(long*)(entry + 8) = timestamp;
        Volatile.Write(ref *(long*)entry, priceTicks | ((long)window << 56));
        if (*(long*)(record + FirstEverOffset) < 0)
        {
            *(long*)(record + FirstEverOffset) = priceTicks;
        }

        if (window is > 0 and <= MaxWindows)
        {
            var range = record + WindowRangesOffset + (window * 16);
            if (*(long*)range < 0)
            {
                *(long*)range = priceTicks;
            }

            Volatile.Write(ref *(long*)(range + 8), priceTicks);
        }

        Volatile.Write(ref *(long*)(record + TotalSendsOffset), *(long*)(record + TotalSendsOffset) + 1);
    }

    /// <summary>Looks up the send of <paramref name="priceTicks"/>; false when the ring has moved past it.</summary>
    public bool TryGetSend(int index, long priceTicks, out long timestamp, out int window)
    {
        if ((uint)index >= (uint)InstrumentCount || priceTicks < 0)
        {
            timestamp = 0;
            window = 0;
            return false;
        }

        var entry = Entry(index, priceTicks);
        var tagged = Volatile.Read(ref *(long*)entry);
        timestamp = *(long*)(entry + 8);
        window = (int)((ulong)tagged >> 56);
        return (tagged & 0x00FF_FFFF_FFFF_FFFF) == priceTicks;
    }

    /// <summary>The first and last price (in ticks) sent in <paramref name="window"/>; (-1, -1) when none.</summary>
    public (long First, long Last) WindowRange(int index, int window)
    {
        var range = Record(index) + WindowRangesOffset + (window * 16);
        return (Volatile.Read(ref *(long*)range), Volatile.Read(ref *(long*)(range + 8)));
    }

    /// <summary>Ticks sent for instrument <paramref name="index"/> since the start.</summary>
    public long TotalSends(int index) => Volatile.Read(ref *(long*)(Record(index) + TotalSendsOffset));

    /// <summary>The first price ever sent for the instrument, or -1.</summary>
    public long FirstEver(int index) => Volatile.Read(ref *(long*)(Record(index) + FirstEverOffset));

    /// <summary>Adds to cross-process counter <paramref name="counter"/> (0-15); returns the new value.</summary>
    public int AddCounter(LedgerCounter counter, int delta) => Interlocked.Add(ref *(int*)(_base + CountersOffset + ((int)counter * 4)), delta);

    /// <summary>Reads counter <paramref name="counter"/>.</summary>
    public int ReadCounter(LedgerCounter counter) => Volatile.Read(ref *(int*)(_base + CountersOffset + ((int)counter * 4)));

    /// <summary>Publishes a command to the client processes (they act on a changed sequence).</summary>
    public void PostCommand(LoadCommand command, long argument)
    {
        Volatile.Write(ref *(long*)(_base + CommandArgOffset), argument);
        var sequence = Volatile.Read(ref *(int*)(_base + CommandOffset)) >> 8;
        Volatile.Write(ref *(int*)(_base + CommandOffset), ((sequence + 1) << 8) | (int)command);
    }

    /// <summary>The current command, its sequence number (0 before the first) and argument.</summary>
    public (int Sequence, LoadCommand Command, long Argument) ReadCommand()
    {
        var value = Volatile.Read(ref *(int*)(_base + CommandOffset));
        return (value >> 8, (LoadCommand)(value & 0xFF), Volatile.Read(ref *(long*)(_base + CommandArgOffset)));
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _file.Dispose();
    }

    private static long SizeFor(int instrumentCount, int ringSize) =>
        HeaderSize + ((long)instrumentCount * InstrumentRecordSize) + ((long)instrumentCount * ringSize * EntrySize);

    private static SendLedger Open(string path, (int Instruments, int Ring)? initialize)
    {
        var file = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.ReadWrite);
        var view = file.CreateViewAccessor(0, 0, MemoryMappedFileAccess.ReadWrite);
        if (initialize is { } init)
        {
            byte* pointer = null;
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
            var start = pointer + view.PointerOffset;
            *(int*)(start + InstrumentCountOffset) = init.Instruments;
            *(int*)(start + RingSizeOffset) = init.Ring;
            view.SafeMemoryMappedViewHandle.ReleasePointer();
        }
        else
        {
            byte* pointer = null;
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
            var magic = *(long*)(pointer + view.PointerOffset + MagicOffset);
            view.SafeMemoryMappedViewHandle.ReleasePointer();
            if (magic != Magic)
            {
                view.Dispose();
                file.Dispose();
                throw new InvalidDataException($"'{path}' is not a send ledger (or not initialized yet).");
            }
        }

        return new SendLedger(file, view, path);
    }

    private byte* Record(int index) => _base + HeaderSize + ((long)index * InstrumentRecordSize);

    private byte* Entry(int index, long priceTicks) =>
        _base + HeaderSize + ((long)InstrumentCount * InstrumentRecordSize) + ((((long)index * RingSize) + (priceTicks & _ringMask)) * EntrySize);
}
