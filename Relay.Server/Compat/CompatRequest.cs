using Relay.Core.Contracts;

namespace Relay.Server.Compat;

/// <summary>One parsed <c>/ws</c> client message.</summary>
/// <param name="Type">What the client asks.</param>
/// <param name="Instruments">The instruments, unvalidated (empty for <c>ping</c>).</param>
internal sealed record CompatRequest(CompatRequestType Type, IReadOnlyList<InstrumentRef> Instruments);
