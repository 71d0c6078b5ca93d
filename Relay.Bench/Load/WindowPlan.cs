namespace Relay.Bench.Load;

/// <summary>One measurement window of a scenario.</summary>
/// <param name="Name">What it measures, e.g. <c>steady</c>, <c>stall</c>.</param>
/// <param name="Seconds">Its length.</param>
/// <param name="Action">What happens at its start.</param>
/// <param name="TicksPerSecond">For <see cref="WindowAction.Rate"/>: the new total tick rate.</param>
internal sealed record WindowPlan(string Name, double Seconds, WindowAction Action = WindowAction.None, double TicksPerSecond = 0);
