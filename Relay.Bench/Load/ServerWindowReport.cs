namespace Relay.Bench.Load;

/// <summary>The server process over one window: CPU from /proc, memory from /proc, GC from the injected probe.</summary>
internal sealed class ServerWindowReport
{
    /// <summary>User + system CPU seconds used in the window.</summary>
    public double CpuSeconds { get; set; }

    /// <summary>CPU utilisation in the window, in cores (1.0 = one core busy).</summary>
    public double CpuCores { get; set; }

    /// <summary>CPU seconds per million deliveries.</summary>
    public double CpuSecondsPerMillion { get; set; }

    /// <summary>Resident memory at the window's start, bytes.</summary>
    public long RssStartBytes { get; set; }

    /// <summary>Resident memory at the window's end, bytes.</summary>
    public long RssEndBytes { get; set; }

    /// <summary>Peak resident memory of the process so far, bytes.</summary>
    public long PeakRssBytes { get; set; }

    /// <summary>Gen0 collections in the window (-1 when the probe gave nothing).</summary>
    public int Gen0 { get; set; } = -1;

    /// <summary>Gen1 collections in the window.</summary>
    public int Gen1 { get; set; } = -1;

    /// <summary>Gen2 collections in the window.</summary>
    public int Gen2 { get; set; } = -1;

    /// <summary>Why each gen2 collection of the window happened (runtime reason code and type), e.g. <c>4/1</c> = large-object allocation, background.</summary>
    public List<string> Gen2Reasons { get; set; } = [];

    /// <summary>Types of large-object-heap allocations sampled in the window (type → samples; one sample per ~100 KB).</summary>
    public Dictionary<string, int> LargeAllocations { get; set; } = [];

    /// <summary>Bytes allocated in the window (whole process).</summary>
    public long AllocatedBytes { get; set; } = -1;

    /// <summary>Bytes allocated per delivery.</summary>
    public double AllocatedBytesPerDelivery { get; set; } = -1;

    /// <summary>GC pause time in the window, ms.</summary>
    public double GcPauseMs { get; set; } = -1;

    /// <summary>GC heap size at the window's end, bytes.</summary>
    public long HeapEndBytes { get; set; } = -1;

    /// <summary>Threads at the window's end.</summary>
    public int Threads { get; set; }
}
