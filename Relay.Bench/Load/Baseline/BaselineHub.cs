using Microsoft.AspNetCore.SignalR;
using Relay.Core.Contracts;

namespace Relay.Bench.Load.Baseline;

/// <summary>
/// The baseline's hub, as a user would write it by hand: <c>Subscribe</c> adds the caller to one group per
/// instrument (named by the instrument's text key) and asks the upstream for instruments it does not have yet.
/// </summary>
internal sealed class BaselineHub(BaselineUpstream upstream) : Hub
{
    /// <summary>Joins the groups; every valid instrument is accepted.</summary>
    public async Task<SubscriptionResult[]> Subscribe(InstrumentRef[] instruments, string mode)
    {
        ArgumentNullException.ThrowIfNull(instruments);
        _ = mode; // The baseline streams Ticker only.
        var results = new SubscriptionResult[instruments.Length];
        var keys = new List<InstrumentKey>(instruments.Length);
        for (var i = 0; i < instruments.Length; i++)
        {
            var instrument = instruments[i];
            if (InstrumentKey.TryCreate(instrument.ExchangeSegment, instrument.SecurityId, out var key, out var error))
            {
                await Groups.AddToGroupAsync(Context.ConnectionId, key.ToString());
                keys.Add(key);
                results[i] = new SubscriptionResult { ExchangeSegment = instrument.ExchangeSegment, SecurityId = instrument.SecurityId, Accepted = true };
            }
            else
            {
                results[i] = new SubscriptionResult { ExchangeSegment = instrument.ExchangeSegment, SecurityId = instrument.SecurityId, Reason = error };
            }
        }

        upstream.Ensure(keys);
        return results;
    }
}
