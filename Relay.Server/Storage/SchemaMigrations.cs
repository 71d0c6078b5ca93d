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

    /// <summary>Every migration, in version order.</summary>
    public static IReadOnlyList<SchemaMigration> All { get; } =
    [
        new(1, "instruments, search, feed credentials, market snapshots, users, watchlists", V1Initial),
    ];
}
