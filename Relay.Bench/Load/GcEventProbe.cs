using System.Diagnostics.Tracing;
using System.Globalization;

namespace Relay.Bench.Load;

/// <summary>
/// Runs inside the server under test (started by the injected <see cref="StartupHook"/>): listens to the runtime's GC
/// events and appends one line per gen2 collection to a file: monotonic timestamp, reason code (the runtime's
/// <c>GCStart</c> reason: 0 small alloc, 1 induced, 4 large-object alloc, 5 SOH out of space, 6 LOH out of space, ...)
/// and type (0 blocking, 1 background), so the report can say why a gen2 happened. BCL only.
/// </summary>
internal sealed class GcEventProbe : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private static readonly bool SampleSmallObjects = Environment.GetEnvironmentVariable("RELAY_BENCH_ALLOC_SAMPLES") == "1";
    private readonly Lock _lock = new();
    private string? _path;

    /// <summary>Starts writing gen2 collections to <paramref name="path"/>.</summary>
    public void Start(string path)
    {
        File.WriteAllText(path, string.Empty);
        Volatile.Write(ref _path, path);
    }

    /// <inheritdoc />
    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        ArgumentNullException.ThrowIfNull(eventSource);
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            // Verbose adds the allocation ticks (one per ~100 KB allocated), which name the type of large-object allocations.
            EnableEvents(eventSource, EventLevel.Verbose, GcKeyword);
        }
    }

    /// <inheritdoc />
    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        if (Volatile.Read(ref _path) is not { } path || eventData.EventName is null || eventData.PayloadNames is null)
        {
            return;
        }

        if (eventData.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal))
        {
            // AllocationKind 1 = large object heap: record which type, for the report's "why gen2" answer. With
            // RELAY_BENCH_ALLOC_SAMPLES=1 in the environment, small-object samples are recorded too (profiling aid).
            var kind = Field(eventData, "AllocationKind");
            if (kind == 1 || SampleSmallObjects)
            {
                var index = eventData.PayloadNames.IndexOf("TypeName");
                var type = index >= 0 ? eventData.Payload?[index]?.ToString()?.Replace(' ', '_') : null;
                var size = eventData.PayloadNames.Contains("ObjectSize") ? Field(eventData, "ObjectSize") : -1;
                Append(path, string.Create(CultureInfo.InvariantCulture, $"{TimeProvider.System.GetTimestamp()} {(kind == 1 ? "L" : "S")} {type ?? "?"} {size}\n"));
            }

            return;
        }

        if (!eventData.EventName.StartsWith("GCStart", StringComparison.Ordinal))
        {
            return;
        }

        var depth = Field(eventData, "Depth");
        if (depth < 2)
        {
            return;
        }

        Append(path, string.Create(CultureInfo.InvariantCulture, $"{TimeProvider.System.GetTimestamp()} {Field(eventData, "Reason")} {Field(eventData, "Type")}\n"));
    }

    private void Append(string path, string line)
    {
        lock (_lock)
        {
            try
            {
                File.AppendAllText(path, line);
            }
            catch (IOException)
            {
                // Best effort.
            }
        }
    }

    private static long Field(EventWrittenEventArgs eventData, string name)
    {
        var index = eventData.PayloadNames!.IndexOf(name);
        return index >= 0 && eventData.Payload?[index] is IConvertible value ? value.ToInt64(CultureInfo.InvariantCulture) : -1;
    }
}
