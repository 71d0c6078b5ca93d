namespace Relay.Client.Internal;

/// <summary>One server → client method the client listens to: its hub method name and parameter types.</summary>
internal sealed record HubCallbackRegistration(string MethodName, IReadOnlyList<Type> ParameterTypes);
