import GRDB

/// The index schema as named, append-only GRDB migrations.
///
/// `tables` creates every table with no secondary index, so a rebuild can load rows first and index
/// them afterwards (several times faster than inserting into indexed tables); `indexes` adds the
/// investigation indexes, the FTS5 table and the triggers that keep it in step.
enum Schema {
    static let tablesMigration = "v1-tables"

    /// Every table (no secondary index).
    static let tablesSQL = """
        CREATE TABLE events (
            rowid INTEGER PRIMARY KEY,
            segment INTEGER,              -- sealed segment number; NULL while the segment is open
            record INTEGER NOT NULL,      -- position in the segment (or in the open segment)
            sealed INTEGER NOT NULL,      -- 1 once the segment is sealed
            source TEXT NOT NULL,
            format TEXT NOT NULL,
            id TEXT,
            time TEXT NOT NULL,           -- RFC 3339 UTC, 6 fractional digits: sorts as text
            received TEXT NOT NULL,
            actor TEXT, action TEXT, resource TEXT,
            outcome TEXT NOT NULL,
            origin TEXT, session TEXT, clock TEXT,
            attributes TEXT NOT NULL,     -- JSON object
            raw TEXT NOT NULL,
            raw_encoding TEXT,            -- 'base64' when raw is not UTF-8
            leaf TEXT NOT NULL            -- hex SHA-256(0x00 || event line)
        );
        CREATE TABLE segments (
            segment INTEGER PRIMARY KEY, source TEXT NOT NULL, path TEXT NOT NULL, records INTEGER NOT NULL,
            first_time TEXT NOT NULL, last_time TEXT NOT NULL, merkle_root TEXT NOT NULL,
            content_sha256 TEXT NOT NULL, file_sha256 TEXT NOT NULL, file_bytes INTEGER NOT NULL,
            retain_until TEXT NOT NULL, retention_mode TEXT NOT NULL,
            state TEXT NOT NULL DEFAULT 'hot'  -- hot, cold (pruned from the index), archived, expired
        );
        CREATE TABLE seals (
            segment INTEGER PRIMARY KEY, seal_sha256 TEXT NOT NULL, previous_seal TEXT, sealed_at TEXT NOT NULL,
            key_id TEXT NOT NULL, signature TEXT NOT NULL, body TEXT NOT NULL
        );
        CREATE TABLE checkpoints (size INTEGER PRIMARY KEY, root TEXT NOT NULL, note TEXT NOT NULL);
        CREATE TABLE sources (
            source TEXT PRIMARY KEY, events INTEGER NOT NULL, sealed_events INTEGER NOT NULL,
            first_time TEXT, last_time TEXT, formats TEXT NOT NULL
        );
        CREATE TABLE quarantine (
            ref TEXT PRIMARY KEY, source TEXT NOT NULL, format TEXT NOT NULL, file TEXT NOT NULL,
            line INTEGER NOT NULL, offset INTEGER NOT NULL, length INTEGER NOT NULL, reason TEXT NOT NULL,
            sha256 TEXT NOT NULL, resolved TEXT
        );
        -- The query log is the trail's own record of reads (source 'sealtrail'), so it survives
        -- a rebuild and is as tamper-evident as everything else.
        CREATE VIEW query_log AS
        SELECT id, time AS at, actor, json_extract(attributes, '$.saved') AS saved,
               json_extract(attributes, '$.sqlSha256') AS sql_sha256, json_extract(attributes, '$.sql') AS sql,
               json_extract(attributes, '$.params') AS params, json_extract(attributes, '$.rows') AS rows,
               json_extract(attributes, '$.elapsedMs') AS elapsed_ms, outcome,
               json_extract(attributes, '$.error') AS error, sealed
        FROM events WHERE source = 'sealtrail' AND action = 'trail.query';
        -- How far the open segments (WALs) have been indexed, per source.
        CREATE TABLE wal_state (source TEXT PRIMARY KEY, records INTEGER NOT NULL, first_leaf TEXT NOT NULL);
        """

    /// The investigation indexes (B-trees).
    static let btreeIndexesSQL = """
        CREATE INDEX IF NOT EXISTS events_time ON events(time);
        CREATE INDEX IF NOT EXISTS events_actor ON events(actor, time);
        CREATE INDEX IF NOT EXISTS events_resource ON events(resource, time);
        CREATE INDEX IF NOT EXISTS events_action ON events(action, time);
        CREATE INDEX IF NOT EXISTS events_outcome ON events(outcome, time);
        CREATE INDEX IF NOT EXISTS events_source ON events(source, time);
        CREATE INDEX IF NOT EXISTS events_origin ON events(origin, time);
        CREATE INDEX IF NOT EXISTS events_session ON events(session) WHERE session IS NOT NULL;
        CREATE INDEX IF NOT EXISTS events_id ON events(id) WHERE id IS NOT NULL;
        CREATE UNIQUE INDEX IF NOT EXISTS events_position ON events(segment, record) WHERE segment IS NOT NULL;
        CREATE INDEX IF NOT EXISTS events_open ON events(source, record) WHERE segment IS NULL;
        """

    /// The FTS5 table over the events (external content: it stores only the index).
    static let ftsTableSQL = """
        CREATE VIRTUAL TABLE events_fts USING fts5(actor, action, resource, raw, content='events', content_rowid='rowid');
        """

    /// Fills the FTS5 table from the events already loaded.
    static let ftsFillSQL = "INSERT INTO events_fts(events_fts) VALUES('rebuild');"

    /// FTS5's shadow tables of `events_fts` (what `rebuild` copies from the table it built beside).
    static let ftsShadowTables = ["data", "idx", "docsize", "config"].map { "events_fts_" + $0 }

    /// Keep the FTS5 table in step with inserts and deletes.
    static let ftsTriggersSQL = """
        CREATE TRIGGER IF NOT EXISTS events_fts_insert AFTER INSERT ON events BEGIN
            INSERT INTO events_fts(rowid, actor, action, resource, raw) VALUES (new.rowid, new.actor, new.action, new.resource, new.raw);
        END;
        CREATE TRIGGER IF NOT EXISTS events_fts_delete AFTER DELETE ON events BEGIN
            INSERT INTO events_fts(events_fts, rowid, actor, action, resource, raw) VALUES ('delete', old.rowid, old.actor, old.action, old.resource, old.raw);
        END;
        """

    /// The investigation indexes, the FTS5 table and its triggers, as one script (what a new index
    /// runs, and what the benchmark gives the `sqlite3` CLI).
    static let indexesSQL = [btreeIndexesSQL, ftsTableSQL, ftsFillSQL, ftsTriggersSQL].joined(separator: "\n")

    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration(tablesMigration) { db in
            try db.execute(sql: tablesSQL)
        }
        m.registerMigration("v1-indexes") { db in
            // `TrailIndex.rebuild` builds these on two connections at once before migrating; then
            // only the triggers are left to create.
            if try db.tableExists("events_fts") {
                try db.execute(sql: btreeIndexesSQL + ftsTriggersSQL)
            } else {
                try db.execute(sql: indexesSQL)
            }
        }
        m.registerMigration("v2-findings") { db in
            try db.execute(sql: """
                CREATE TABLE findings (
                    id TEXT PRIMARY KEY,          -- stable: same rule, key, window and events, same id
                    rule TEXT NOT NULL, title TEXT NOT NULL, severity TEXT NOT NULL,
                    controls TEXT NOT NULL,       -- JSON array of framework@version:control
                    key TEXT NOT NULL, start TEXT NOT NULL, end TEXT NOT NULL,
                    events TEXT NOT NULL,         -- JSON array of event leaf hashes
                    status TEXT NOT NULL DEFAULT 'open',
                    found_at TEXT NOT NULL, mode TEXT NOT NULL
                );
                CREATE INDEX findings_rule ON findings(rule, start);
                CREATE INDEX findings_start ON findings(start);
                """)
        }
        m.registerMigration("v3-segment-state") { db in
            if try !db.columns(in: "segments").contains(where: { $0.name == "state" }) {
                try db.execute(sql: "ALTER TABLE segments ADD COLUMN state TEXT NOT NULL DEFAULT 'hot'")
            }
        }
        return m
    }
}
