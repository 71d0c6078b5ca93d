namespace Relay.Server.Storage;

/// <summary>
/// The ordered schema scripts. Never edit a released script: append a new version instead (orders, positions
/// and funds arrive as version 2+). Each runs inside one IMMEDIATE transaction together with its
/// <c>schema_version</c> row, so a crash leaves the database at the previous version.
/// </summary>
/// <remarks>
/// Conventions: instrument keys are stored as (<c>exchange_segment</c> TEXT DhanHQ name such as
/// <c>NSE_FNO</c>, <c>security_id</c> INTEGER); times are INTEGER Unix milliseconds UTC; dates are TEXT
/// <c>yyyy-MM-dd</c>; booleans are INTEGER 0/1.
/// </remarks>
internal static class SchemaMigrations
{
    /// <summary>Version 1: instruments (+ search), feed credentials, market snapshots, users, watchlists.</summary>
    public const string V1Initial = """
        CREATE TABLE instrument_imports (
            id          INTEGER PRIMARY KEY,
            source      TEXT    NOT NULL,             -- 'file' or 'bundled-sample'
            file_name   TEXT,
            imported_at INTEGER NOT NULL,
            row_count   INTEGER NOT NULL,
            skipped     INTEGER NOT NULL
        );

        CREATE TABLE instruments (
            id                     INTEGER PRIMARY KEY,
            exchange_segment       TEXT    NOT NULL,
            security_id            INTEGER NOT NULL CHECK (security_id > 0),
            symbol                 TEXT    NOT NULL,
            symbol_norm            TEXT    NOT NULL,  -- upper-case symbol, for exact lookups
            display_name           TEXT    NOT NULL,
            symbol_name            TEXT,              -- Dhan's long name (company name / underlying)
            instrument_type        TEXT    NOT NULL,  -- INDEX, EQUITY, FUTIDX, OPTIDX, FUTSTK, OPTSTK, ...
            exch_instrument_type   TEXT,
            series                 TEXT,
            lot_size               INTEGER NOT NULL,
            tick_size              REAL,              -- rupees (the CSV's paise / 100)
            expiry                 TEXT,              -- yyyy-MM-dd, NULL when not expiring
            strike                 REAL,              -- rupees, options only
            option_type            TEXT,              -- CE / PE, options only
            underlying_security_id INTEGER,
            underlying_symbol      TEXT,
            isin                   TEXT,
            expiry_flag            TEXT,              -- M monthly / W weekly
            import_id              INTEGER NOT NULL REFERENCES instrument_imports (id),
            UNIQUE (exchange_segment, security_id)
        );

        CREATE INDEX ix_instruments_symbol_norm ON instruments (symbol_norm);

        -- Search order: rank 1 is the best-ranked instrument (shortest symbol, nearest expiry, alphabetical,
        -- NSE before BSE). Rebuilt with the FTS index after every import, so that the FTS rowid IS the rank
        -- and "ORDER BY rowid LIMIT n" stops after n matches.
        CREATE TABLE instrument_rank (
            rank          INTEGER PRIMARY KEY,
            instrument_id INTEGER NOT NULL
        );

        CREATE VIRTUAL TABLE instrument_search USING fts5 (
            symbol, display_name,
            content = '',
            tokenize = 'unicode61 remove_diacritics 2',
            prefix = '1 2 3'
        );

        CREATE TABLE feed_credentials (
            id         INTEGER PRIMARY KEY CHECK (id = 1),  -- a single row
            payload    TEXT    NOT NULL,                    -- Data Protection ciphertext, purpose Relay.FeedCredentials.v1
            updated_at INTEGER NOT NULL
        );

        CREATE TABLE market_snapshots (
            exchange_segment    TEXT    NOT NULL,
            security_id         INTEGER NOT NULL,
            ltp                 REAL    NOT NULL,
            ltq                 INTEGER NOT NULL,
            ltt                 INTEGER NOT NULL,
            atp                 REAL    NOT NULL,
            volume              INTEGER NOT NULL,
            total_sell_quantity INTEGER NOT NULL,
            total_buy_quantity  INTEGER NOT NULL,
            open                REAL    NOT NULL,
            close               REAL    NOT NULL,
            high                REAL    NOT NULL,
            low                 REAL    NOT NULL,
            open_interest       INTEGER NOT NULL,
            oi_day_high         INTEGER NOT NULL,
            oi_day_low          INTEGER NOT NULL,
            prev_close          REAL    NOT NULL,
            prev_open_interest  INTEGER NOT NULL,
            depth               BLOB    NOT NULL,  -- 5 x 20 bytes, DepthLevel wire layout (little-endian)
            richest_mode        INTEGER NOT NULL,  -- FeedMode, 0 when only prev close / OI arrived
            received_at         INTEGER NOT NULL,
            PRIMARY KEY (exchange_segment, security_id)
        ) WITHOUT ROWID;

        CREATE TABLE users (
            id         INTEGER PRIMARY KEY,
            name       TEXT    NOT NULL,
            token_hash TEXT    NOT NULL UNIQUE,  -- lower-case hex SHA-256 of the UTF-8 token; the token is never stored
            is_admin   INTEGER NOT NULL DEFAULT 0,
            created_at INTEGER NOT NULL,
            revoked_at INTEGER
        );

        CREATE TABLE watchlists (
            user_id          INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
            position         INTEGER NOT NULL,
            exchange_segment TEXT    NOT NULL,
            security_id      INTEGER NOT NULL,
            PRIMARY KEY (user_id, position),
            UNIQUE (user_id, exchange_segment, security_id)
        ) WITHOUT ROWID;
        """;

    /// <summary>
    /// Version 2: trading. The paper broker's accounts, orders, trades and positions; the Idempotency-Key table of
    /// both brokers; which user placed which DhanHQ order. Money and prices are INTEGER ten-thousandths of a rupee
    /// (₹1 = 10000), quantities INTEGER units.
    /// </summary>
    public const string V2Trading = """
        CREATE TABLE paper_accounts (
            user_id         INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
            opening_balance INTEGER NOT NULL,
            created_at      INTEGER NOT NULL
        );

        CREATE TABLE paper_orders (
            id               INTEGER PRIMARY KEY,
            user_id          INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
            exchange_segment TEXT    NOT NULL,
            security_id      INTEGER NOT NULL,
            transaction_type TEXT    NOT NULL,            -- BUY / SELL
            product_type     TEXT    NOT NULL,            -- CNC / INTRADAY / MARGIN
            order_type       TEXT    NOT NULL,            -- MARKET / LIMIT / STOP_LOSS / STOP_LOSS_MARKET
            validity         TEXT    NOT NULL,            -- DAY / IOC
            quantity         INTEGER NOT NULL CHECK (quantity > 0),
            filled_quantity  INTEGER NOT NULL DEFAULT 0,
            price            INTEGER,                     -- limit price; NULL for MARKET / STOP_LOSS_MARKET
            trigger_price    INTEGER,                     -- NULL unless a stop-loss order
            average_price    INTEGER,                     -- NULL until filled
            status           TEXT    NOT NULL,            -- DhanHQ status name
            triggered        INTEGER NOT NULL DEFAULT 0,  -- a STOP_LOSS whose trigger traded, now a resting limit
            reserved         INTEGER NOT NULL DEFAULT 0 CHECK (reserved >= 0),  -- funds blocked while open
            correlation_id   TEXT,
            rejection_reason TEXT,
            modifications    INTEGER NOT NULL DEFAULT 0,
            created_at       INTEGER NOT NULL,
            updated_at       INTEGER NOT NULL
        );

        CREATE INDEX ix_paper_orders_user ON paper_orders (user_id, id);
        CREATE INDEX ix_paper_orders_open ON paper_orders (user_id, exchange_segment, security_id, product_type)
            WHERE status IN ('TRANSIT', 'PENDING', 'PART_TRADED');

        CREATE TABLE paper_trades (
            id               INTEGER PRIMARY KEY,
            order_id         INTEGER NOT NULL REFERENCES paper_orders (id) ON DELETE CASCADE,
            user_id          INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
            exchange_segment TEXT    NOT NULL,
            security_id      INTEGER NOT NULL,
            product_type     TEXT    NOT NULL,
            transaction_type TEXT    NOT NULL,
            quantity         INTEGER NOT NULL CHECK (quantity > 0),
            price            INTEGER NOT NULL,
            traded_at        INTEGER NOT NULL
        );

        CREATE INDEX ix_paper_trades_order ON paper_trades (order_id);

        CREATE TABLE paper_positions (
            user_id          INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
            exchange_segment TEXT    NOT NULL,
            security_id      INTEGER NOT NULL,
            product_type     TEXT    NOT NULL,
            net_quantity     INTEGER NOT NULL,            -- bought - sold; negative when short
            open_cost        INTEGER NOT NULL CHECK (open_cost >= 0),  -- cost of the open quantity (average price x |net|)
            margin           INTEGER NOT NULL CHECK (margin >= 0),     -- funds blocked by the open quantity
            buy_quantity     INTEGER NOT NULL,
            buy_value        INTEGER NOT NULL,
            sell_quantity    INTEGER NOT NULL,
            sell_value       INTEGER NOT NULL,
            realized_pnl     INTEGER NOT NULL,
            updated_at       INTEGER NOT NULL,
            PRIMARY KEY (user_id, exchange_segment, security_id, product_type)
        ) WITHOUT ROWID;

        CREATE TABLE order_idempotency (
            user_id         INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
            idempotency_key TEXT    NOT NULL,
            broker          TEXT    NOT NULL,  -- Paper / Dhan
            request_hash    TEXT    NOT NULL,  -- ValidatedOrder.Fingerprint(): the same key for another order is refused
            order_id        TEXT,              -- NULL while a DhanHQ place has an unknown outcome
            correlation_id  TEXT,
            created_at      INTEGER NOT NULL,
            PRIMARY KEY (user_id, idempotency_key)
        ) WITHOUT ROWID;

        CREATE TABLE broker_orders (
            broker         TEXT    NOT NULL,  -- Dhan
            order_id       TEXT    NOT NULL,
            user_id        INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
            correlation_id TEXT,
            created_at     INTEGER NOT NULL,
            PRIMARY KEY (broker, order_id)
        ) WITHOUT ROWID;

        CREATE INDEX ix_broker_orders_user ON broker_orders (user_id, broker);
        """;

    /// <summary>Every migration, in version order.</summary>
    public static IReadOnlyList<SchemaMigration> All { get; } =
    [
        new(1, "instruments, search, feed credentials, market snapshots, users, watchlists", V1Initial),
        new(2, "trading: paper accounts, orders, trades, positions; idempotency keys; broker order owners", V2Trading),
    ];
}
