namespace Relay.Bench.Load;

/// <summary>Which instruments each client holds, and which clients stall: deterministic from the client index and the seed.</summary>
internal static class InstrumentAssignment
{
    /// <summary>
    /// <paramref name="perClient"/> distinct instrument indices of <c>[0, universe)</c>, drawn uniformly for client
    /// <paramref name="client"/>, sorted.
    /// </summary>
    /// <remarks>With <paramref name="alsoHot"/> above 0 the client also holds the hot instruments 0..alsoHot-1.</remarks>
    public static int[] For(int client, int perClient, int universe, int seed, int alsoHot = 0)
    {
        var count = Math.Min(perClient, universe);
        var random = new Random(unchecked((seed * 1_000_003) ^ (client * 7919) ^ 0x5bd1e995));
        var chosen = new HashSet<int>(Enumerable.Range(0, Math.Min(alsoHot, universe)));
        count = Math.Min(universe, count + chosen.Count);
        while (chosen.Count < count)
        {
            chosen.Add(random.Next(universe));
        }

        var result = chosen.ToArray();
        Array.Sort(result);
        return result;
    }

    /// <summary>True for about <paramref name="fraction"/> of client indices, spread evenly (every 1/fraction-th client).</summary>
    public static bool IsStaller(int client, double fraction)
    {
        if (fraction <= 0)
        {
            return false;
        }

        var period = Math.Max(1, (int)Math.Round(1 / fraction));
        return client % period == period - 1;
    }
}
