namespace Relay.Core.Subscriptions;

/// <summary>One upstream socket as the synchronizer believes it is.</summary>
/// <param name="Socket">The socket (0-based).</param>
/// <param name="SessionActive">True between <c>OnSessionStartedAsync</c> and <c>OnSessionEnded</c>: requests are sent only then.</param>
/// <param name="Instruments">Distinct instruments sent on the current session and not unsubscribed.</param>
internal readonly record struct UpstreamSocketState(int Socket, bool SessionActive, int Instruments);
