package dev.eventhub.runtime.log.impl;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

/** The store's tables and connections. One file, {@code events.db}, in the data directory. */
final class Schema {
  static final String FILE = "events.db";

  private static final String[] DDL = {
    "CREATE TABLE IF NOT EXISTS meta(name TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS events(seq INTEGER PRIMARY KEY, id TEXT NOT NULL, category TEXT NOT NULL,"
        + " event TEXT NOT NULL, key TEXT, ts INTEGER NOT NULL, data TEXT NOT NULL, attributes TEXT)",
    // A producer's id is unique within its category (idempotency per category). Stores made before that
    // had a unique index on the id alone: its rows satisfy the new one, so the migration is to build the
    // new index (once, at the first open) and drop the old.
    "DROP INDEX IF EXISTS events_id",
    "CREATE INDEX IF NOT EXISTS events_category ON events(category, seq)",
    // The highest sequence pruned per category: tells a reader whose cursor is older that it missed events.
    "CREATE TABLE IF NOT EXISTS pruned(category TEXT PRIMARY KEY, through INTEGER NOT NULL)",
    "CREATE TABLE IF NOT EXISTS documents(namespace TEXT NOT NULL, collection TEXT NOT NULL, key TEXT NOT NULL,"
        + " version INTEGER NOT NULL, value TEXT NOT NULL, updated INTEGER NOT NULL,"
        + " PRIMARY KEY(namespace, collection, key)) WITHOUT ROWID",
    // Issue 24: no index on keys. One on (category, key, seq) made a read of a rare key cheap, but cost every append
    // of keyed events 2.5 times the writer's CPU (KeyIndexAB: 7.0 -> 17.5 us per event in batches of 100, 100,000
    // keys): key filters are bounded by log.maxScanRows per page instead, as event and attribute filters are.
    // Issue 24: the retained events per category through meta countsThrough (see CategoryCounts).
    "CREATE TABLE IF NOT EXISTS counts(category TEXT PRIMARY KEY, events INTEGER NOT NULL) WITHOUT ROWID",
    // What the writer commits while the store refuses writes, to learn when it takes them again.
    "CREATE TABLE IF NOT EXISTS probe(id INTEGER PRIMARY KEY, filler BLOB)",
  };

  // Single node: the store itself refuses a second event of an id in its category.
  private static final String[] SINGLE_NODE_DDL = {
    "DROP INDEX IF EXISTS events_category_id_any",
    "CREATE UNIQUE INDEX IF NOT EXISTS events_category_id ON events(category, id)",
  };

  // Cluster: the dedup table decides (within cluster.dedupWindow, by broker time, the same on every node);
  // an id seen again after the window is a new event, so the index on ids is not unique.
  private static final String[] CLUSTER_DDL = {
    "DROP INDEX IF EXISTS events_category_id",
    "CREATE INDEX IF NOT EXISTS events_category_id_any ON events(category, id)",
    "CREATE TABLE IF NOT EXISTS dedup(category TEXT NOT NULL, id TEXT NOT NULL, seq INTEGER NOT NULL,"
        + " ts INTEGER NOT NULL, PRIMARY KEY(category, id)) WITHOUT ROWID",
    "CREATE INDEX IF NOT EXISTS dedup_ts ON dedup(ts)",
  };

  private Schema() {}

  static Connection writer(Path dir, boolean syncFull) throws SQLException {
    return writer(dir, syncFull, false);
  }

  /** The writer's connection; {@code clustered}: the store of a cluster node (see {@link #CLUSTER_DDL}). */
  static Connection writer(Path dir, boolean syncFull, boolean clustered) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(syncFull ? SQLiteConfig.SynchronousMode.FULL : SQLiteConfig.SynchronousMode.NORMAL);
    config.setBusyTimeout(10_000);
    config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    // 64 MiB of page cache (negative = KiB): the indexes' hot pages stay in memory.
    config.setCacheSize(-65536);
    config.setTempStore(SQLiteConfig.TempStore.MEMORY);
    // Otherwise the driver matches every statement against a regex and runs SELECT last_insert_rowid()
    // after each insert: a second statement per append. Nothing here asks for generated keys.
    config.setGetGeneratedKeys(false);
    // Issue 24: the connection is used by one thread at a time (opened, then only the writer thread, then closed
    // after it ended), so SQLite's own lock around every call (its "serialized" mode) is not needed.
    config.setOpenMode(SQLiteOpenMode.NOMUTEX);
    Connection c = config.createConnection("jdbc:sqlite:" + dir.resolve(FILE));
    try (Statement st = c.createStatement()) {
      for (String ddl : DDL) {
        st.execute(ddl);
      }
      for (String ddl : clustered ? CLUSTER_DDL : SINGLE_NODE_DDL) {
        st.execute(ddl);
      }
      addAttributesColumn(c, st);
    }
    return c;
  }

  // Issue 20: stores made before events had attributes get the column, NULL in their rows (no attributes).
  // Adding a nullable column rewrites no row: instant whatever the store's size.
  private static void addAttributesColumn(Connection c, Statement st) throws SQLException {
    try (ResultSet rs = st.executeQuery("PRAGMA table_info(events)")) {
      while (rs.next()) {
        if (AttributeColumn.NAME.equals(rs.getString("name"))) {
          return;
        }
      }
    }
    st.execute("ALTER TABLE events ADD COLUMN " + AttributeColumn.NAME + " TEXT");
  }

  static Connection reader(Path dir) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    config.setBusyTimeout(10_000);
    return config.createConnection("jdbc:sqlite:" + dir.resolve(FILE));
  }

  /** The log's epoch, drawn once when the store is created. */
  static int epoch(Connection c) throws SQLException {
    String stored = meta(c, "epoch");
    if (stored != null) {
      return Integer.parseInt(stored);
    }
    int epoch = 1 + new SecureRandom().nextInt(0xFFFF);
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO meta(name, value) VALUES('epoch', ?)")) {
      ps.setString(1, Integer.toString(epoch));
      ps.executeUpdate();
    }
    return epoch;
  }

  static void setMeta(Connection c, String name, String value) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO meta(name, value) VALUES(?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value")) {
      ps.setString(1, name);
      ps.setString(2, value);
      ps.executeUpdate();
    }
  }

  static String meta(Connection c, String name) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT value FROM meta WHERE name = ?")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  static long scalar(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      return rs.next() ? rs.getLong(1) : 0;
    }
  }
}
