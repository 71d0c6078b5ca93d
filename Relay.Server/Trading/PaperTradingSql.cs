namespace Relay.Server.Trading;

/// <summary>The paper broker's SQL (schema: <c>SchemaMigrations.V2Trading</c>).</summary>
internal static class PaperTradingSql
{
    public const string OpenStatuses = "('TRANSIT', 'PENDING', 'PART_TRADED')";

    public const string OrderColumns = """
        id AS Id, user_id AS UserId, exchange_segment AS ExchangeSegment, security_id AS SecurityId,
        transaction_type AS TransactionType, product_type AS ProductType, order_type AS OrderType, validity AS Validity,
        quantity AS Quantity, filled_quantity AS FilledQuantity, price AS Price, trigger_price AS TriggerPrice,
        average_price AS AveragePrice, status AS Status, triggered AS Triggered, reserved AS Reserved,
        correlation_id AS CorrelationId, rejection_reason AS RejectionReason, modifications AS Modifications,
        created_at AS CreatedAt, updated_at AS UpdatedAt
        """;

    public const string PositionColumns = """
        user_id AS UserId, exchange_segment AS ExchangeSegment, security_id AS SecurityId, product_type AS ProductType,
        net_quantity AS NetQuantity, open_cost AS OpenCost, margin AS Margin, buy_quantity AS BuyQuantity,
        buy_value AS BuyValue, sell_quantity AS SellQuantity, sell_value AS SellValue, realized_pnl AS RealizedPnl,
        updated_at AS UpdatedAt
        """;

    public const string EnsureAccount = """
        INSERT INTO paper_accounts (user_id, opening_balance, created_at) VALUES (@UserId, @OpeningBalance, @CreatedAt)
        ON CONFLICT (user_id) DO NOTHING;
        """;

    public const string Funds = $"""
        SELECT
            (SELECT opening_balance FROM paper_accounts WHERE user_id = @UserId) AS OpeningBalance,
            (SELECT COALESCE(SUM(realized_pnl), 0) FROM paper_positions WHERE user_id = @UserId) AS RealizedPnl,
            (SELECT COALESCE(SUM(margin), 0) FROM paper_positions WHERE user_id = @UserId) AS PositionMargin,
            (SELECT COALESCE(SUM(reserved), 0) FROM paper_orders WHERE user_id = @UserId AND status IN {OpenStatuses}) AS OrderReserve;
        """;

    public const string InsertOrder = """
        INSERT INTO paper_orders (
            user_id, exchange_segment, security_id, transaction_type, product_type, order_type, validity, quantity,
            filled_quantity, price, trigger_price, average_price, status, triggered, reserved, correlation_id,
            rejection_reason, modifications, created_at, updated_at)
        VALUES (
            @UserId, @ExchangeSegment, @SecurityId, @TransactionType, @ProductType, @OrderType, @Validity, @Quantity,
            @FilledQuantity, @Price, @TriggerPrice, @AveragePrice, @Status, @Triggered, @Reserved, @CorrelationId,
            @RejectionReason, @Modifications, @CreatedAt, @UpdatedAt)
        RETURNING id;
        """;

    public const string UpdateOrder = """
        UPDATE paper_orders SET
            order_type = @OrderType, validity = @Validity, quantity = @Quantity, filled_quantity = @FilledQuantity,
            price = @Price, trigger_price = @TriggerPrice, average_price = @AveragePrice, status = @Status,
            triggered = @Triggered, reserved = @Reserved, rejection_reason = @RejectionReason,
            modifications = @Modifications, updated_at = @UpdatedAt
        WHERE id = @Id;
        """;

    public const string OrderById = $"SELECT {OrderColumns} FROM paper_orders WHERE id = @Id;";

    public const string OrderOfUser = $"SELECT {OrderColumns} FROM paper_orders WHERE id = @Id AND user_id = @UserId;";

    public const string OrdersOfUser = $"SELECT {OrderColumns} FROM paper_orders WHERE user_id = @UserId ORDER BY id DESC LIMIT @Limit;";

    public const string OpenOrders = $"SELECT {OrderColumns} FROM paper_orders WHERE status IN {OpenStatuses} ORDER BY id;";

    public const string PendingSameSide = $"""
        SELECT COALESCE(SUM(quantity - filled_quantity), 0) FROM paper_orders
        WHERE user_id = @UserId AND exchange_segment = @ExchangeSegment AND security_id = @SecurityId
          AND product_type = @ProductType AND transaction_type = @TransactionType AND status IN {OpenStatuses}
          AND id <> @ExcludeId;
        """;

    public const string InsertTrade = """
        INSERT INTO paper_trades (order_id, user_id, exchange_segment, security_id, product_type, transaction_type, quantity, price, traded_at)
        VALUES (@OrderId, @UserId, @ExchangeSegment, @SecurityId, @ProductType, @TransactionType, @Quantity, @Price, @TradedAt);
        """;

    public const string Position = $"""
        SELECT {PositionColumns} FROM paper_positions
        WHERE user_id = @UserId AND exchange_segment = @ExchangeSegment AND security_id = @SecurityId AND product_type = @ProductType;
        """;

    public const string PositionsOfUser = $"SELECT {PositionColumns} FROM paper_positions WHERE user_id = @UserId ORDER BY exchange_segment, security_id, product_type;";

    public const string OpenPositions = $"SELECT {PositionColumns} FROM paper_positions WHERE net_quantity <> 0;";

    public const string UpsertPosition = """
        INSERT INTO paper_positions (
            user_id, exchange_segment, security_id, product_type, net_quantity, open_cost, margin, buy_quantity,
            buy_value, sell_quantity, sell_value, realized_pnl, updated_at)
        VALUES (
            @UserId, @ExchangeSegment, @SecurityId, @ProductType, @NetQuantity, @OpenCost, @Margin, @BuyQuantity,
            @BuyValue, @SellQuantity, @SellValue, @RealizedPnl, @UpdatedAt)
        ON CONFLICT (user_id, exchange_segment, security_id, product_type) DO UPDATE SET
            net_quantity = excluded.net_quantity, open_cost = excluded.open_cost, margin = excluded.margin,
            buy_quantity = excluded.buy_quantity, buy_value = excluded.buy_value, sell_quantity = excluded.sell_quantity,
            sell_value = excluded.sell_value, realized_pnl = excluded.realized_pnl, updated_at = excluded.updated_at;
        """;

    public const string FindIdempotency = """
        SELECT broker AS Broker, request_hash AS RequestHash, order_id AS OrderId, correlation_id AS CorrelationId, created_at AS CreatedAt
        FROM order_idempotency WHERE user_id = @UserId AND idempotency_key = @Key;
        """;

    public const string InsertIdempotency = """
        INSERT INTO order_idempotency (user_id, idempotency_key, broker, request_hash, order_id, correlation_id, created_at)
        VALUES (@UserId, @Key, @Broker, @RequestHash, @OrderId, @CorrelationId, @CreatedAt);
        """;
}
