package dev.eventhub.runtime.log.impl;

import dev.eventhub.api.HubException;
import dev.eventhub.api.spi.StoredDocument;
import dev.eventhub.runtime.log.DocumentCommand;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * The documents table: what single-node storage and a cluster's apply both write with. A cluster's
 * commands are resolved here, deterministically: the outcome depends only on the store's documents and the
 * command (versions count up, {@code updated} is the record's timestamp), so every node gets the same.
 */
final class Documents {
  static final String SELECT = "SELECT collection, key, version, value, updated FROM documents";
  private static final String UPSERT =
      "INSERT INTO documents(namespace, collection, key, version, value, updated) VALUES(?, ?, ?, ?, ?, ?)"
          + " ON CONFLICT(namespace, collection, key) DO UPDATE SET version = excluded.version,"
          + " value = excluded.value, updated = excluded.updated";
  private static final String DELETE = "DELETE FROM documents WHERE namespace = ? AND collection = ? AND key = ?";

  private Documents() {}

  static StoredDocument find(Connection c, String namespace, String collection, String key) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE namespace = ? AND collection = ? AND key = ?")) {
      ps.setString(1, namespace);
      ps.setString(2, collection);
      ps.setString(3, key);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? document(rs) : null;
      }
    }
  }

  static StoredDocument store(Connection c, String namespace, String collection, String key, String value,
      long version, long updated) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
      ps.setString(1, namespace);
      ps.setString(2, collection);
      ps.setString(3, key);
      ps.setLong(4, version);
      ps.setString(5, value);
      ps.setLong(6, updated);
      ps.executeUpdate();
    }
    return new StoredDocument(collection, key, version, new JsonObject(value), Instant.ofEpochMilli(updated));
  }

  static int delete(Connection c, String namespace, String collection, List<String> keys) throws SQLException {
    int removed = 0;
    try (PreparedStatement ps = c.prepareStatement(DELETE)) {
      for (String key : keys) {
        ps.setString(1, namespace);
        ps.setString(2, collection);
        ps.setString(3, key);
        removed += ps.executeUpdate();
      }
    }
    return removed;
  }

  static StoredDocument document(ResultSet rs) throws SQLException {
    return new StoredDocument(rs.getString(1), rs.getString(2), rs.getLong(3), new JsonObject(rs.getString(4)),
        Instant.ofEpochMilli(rs.getLong(5)));
  }

  /**
   * Applies a cluster's command at {@code timestamp}: a {@link StoredDocument}, an Integer (removed) or,
   * when refused, a {@link HubException} (nothing written).
   */
  static Object apply(Connection c, DocumentCommand cmd, long timestamp) throws SQLException {
    String ns = cmd.namespace();
    String collection = cmd.collection();
    String key = cmd.key();
    switch (cmd.op()) {
      case "put": {
        StoredDocument current = find(c, ns, collection, key);
        return store(c, ns, collection, key, cmd.value(), current == null ? 1 : current.version() + 1, timestamp);
      }
      case "insert":
        if (find(c, ns, collection, key) != null) {
          return HubException.conflict("'" + key + "' already exists in " + collection);
        }
        return store(c, ns, collection, key, cmd.value(), 1, timestamp);
      case "replace": {
        StoredDocument current = find(c, ns, collection, key);
        if (current == null) {
          return HubException.notFound("no '" + key + "' in " + collection);
        }
        if (current.version() != cmd.expectedVersion()) {
          return HubException.conflict("'" + key + "' in " + collection + " is at version " + current.version()
              + ", not " + cmd.expectedVersion());
        }
        return store(c, ns, collection, key, cmd.value(), current.version() + 1, timestamp);
      }
      case "delete":
        return delete(c, ns, collection, List.of(key));
      case "deleteAll":
        return delete(c, ns, collection, cmd.keys());
      default:
        return HubException.badRequest("unknown document command '" + cmd.op() + "'");
    }
  }
}
