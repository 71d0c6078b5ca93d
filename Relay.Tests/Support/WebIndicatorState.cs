namespace Relay.Tests.Support;

/// <summary>One state a connection indicator of the page showed.</summary>
/// <param name="State">Its <c>data-state</c> (<c>connected</c>, <c>reconnecting</c>…; for the feed <c>Connected</c>, <c>Stale</c>…).</param>
/// <param name="Text">The indicator's visible text then.</param>
/// <param name="Banner">The feed-reason banner's text then, empty when hidden.</param>
internal sealed record WebIndicatorState(string State, string Text, string Banner);
