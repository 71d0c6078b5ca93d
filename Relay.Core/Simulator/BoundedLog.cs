namespace Relay.Core.Simulator;

/// <summary>A log that keeps the newest <c>capacity</c> entries and counts the ones it dropped. Not thread-safe.</summary>
internal sealed class BoundedLog<T>(int capacity)
{
    private readonly Queue<T> _entries = new();

    /// <summary>Entries dropped to stay within capacity.</summary>
    public long Dropped { get; private set; }

    /// <summary>Entries kept.</summary>
    public int Count => _entries.Count;

    /// <summary>Appends an entry, dropping the oldest when full.</summary>
    public void Add(T entry)
    {
        if (_entries.Count >= capacity)
        {
            _entries.Dequeue();
            Dropped++;
        }

        _entries.Enqueue(entry);
    }

    /// <summary>A copy, oldest first.</summary>
    public T[] ToArray() => [.. _entries];
}
