namespace Relay.Server.Trading;

/// <summary>What one committed paper transaction changed: the order, and the position before and after a fill.</summary>
internal sealed record PaperChange(PaperOrderRow Order, PaperPositionRow? PositionBefore = null, PaperPositionRow? PositionAfter = null);
