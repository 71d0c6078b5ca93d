namespace Relay.Tests.Support;

/// <summary>
/// Measures what a piece of code allocates on the calling thread. The runtime can allocate once inside a measured
/// window on its own account (a method moving to its optimised tier, a type or static first touched), which says
/// nothing about the code under test; an allocation per call shows in every window. So the body is measured in up to
/// <c>windows</c> windows and the smallest figure is the one to assert on.
/// </summary>
internal static class AllocationMeter
{
    /// <summary>Runs <paramref name="body"/> once per window until a window allocates nothing or <paramref name="windows"/> have run.</summary>
    /// <returns>The fewest bytes one window allocated, and how many windows ran.</returns>
    public static (long Least, int Windows) Least(Action body, int windows = 5)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(windows);
        var least = long.MaxValue;
        var ran = 0;
        while (ran < windows && least > 0)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            body();
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
            ran++;
        }

        return (least, ran);
    }
}
