package dev.eventhub.runtime.log.impl;

import dev.eventhub.api.ErrorCode;
import dev.eventhub.api.HubException;
import dev.eventhub.api.spi.ListOptions;
import dev.eventhub.api.spi.PluginStorage;
import dev.eventhub.api.spi.StoredDocument;
import dev.eventhub.runtime.log.DocumentChange;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A plugin's documents in the log's store, namespaced by plugin name; writes go through the log's writer. */
final class SqlitePluginStorage implements PluginStorage {
  static final int MAX_NAME = 256;
  static final int MAX_DOCUMENT_BYTES = 1 << 20;

  private static final String SELECT = "SELECT collection, key, version, value, updated FROM documents";
  private final String namespace;
  private final SqliteEventLog log;

  SqlitePluginStorage(String namespace, SqliteEventLog log) {
    this.namespace = namespace;
    this.log = log;
  }

  @Override
  public Future<StoredDocument> get(String collection, String key) {
    return checked(collection, key).compose(v -> log.onReader(c -> find(c, collection, key)));
  }

  @Override
  public Future<StoredDocument> put(String collection, String key, JsonObject value) {
    return write(collection, key, value, c -> {
      StoredDocument current = find(c, collection, key);
      return store(c, collection, key, value, current == null ? 1 : current.version() + 1);
    });
  }

  @Override
  public Future<StoredDocument> insert(String collection, String key, JsonObject value) {
    return write(collection, key, value, c -> {
      if (find(c, collection, key) != null) {
        throw HubException.conflict("'" + key + "' already exists in " + collection);
      }
      return store(c, collection, key, value, 1);
    });
  }

  @Override
  public Future<StoredDocument> replace(String collection, String key, long expectedVersion, JsonObject value) {
    return write(collection, key, value, c -> {
      StoredDocument current = find(c, collection, key);
      if (current == null) {
        throw HubException.notFound("no '" + key + "' in " + collection);
      }
      if (current.version() != expectedVersion) {
        throw HubException.conflict("'" + key + "' in " + collection + " is at version " + current.version()
            + ", not " + expectedVersion);
      }
      return store(c, collection, key, value, expectedVersion + 1);
    });
  }

  @Override
  public Future<Boolean> delete(String collection, String key) {
    return deleteAll(collection, List.of(key)).map(n -> n > 0);
  }

  @Override
  public Future<Integer> deleteAll(String collection, List<String> keys) {
    List<String> copy = List.copyOf(keys);
    return checked(collection, "-").compose(v -> log.onWriter(c -> {
      int removed = 0;
      try (PreparedStatement ps = c.prepareStatement(
          "DELETE FROM documents WHERE namespace = ? AND collection = ? AND key = ?")) {
        for (String key : copy) {
          ps.setString(1, namespace);
          ps.setString(2, collection);
          ps.setString(3, key);
          if (ps.executeUpdate() > 0) {
            removed++;
            log.documentWritten(new DocumentChange(namespace, collection, key, 0, null, System.currentTimeMillis()));
          }
        }
      }
      return removed;
    }));
  }

  @Override
  public Future<List<StoredDocument>> list(String collection, ListOptions options) {
    return checked(collection, "-").compose(v -> log.onReader(c -> page(c, collection, options)));
  }

  @Override
  public Future<Long> count(String collection, String prefix) {
    return checked(collection, "-").compose(v -> log.onReader(c -> {
      String sql = "SELECT count(*) FROM documents WHERE namespace = ? AND collection = ?"
          + (prefix == null || prefix.isEmpty() ? "" : " AND key >= ? AND key < ?");
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setString(1, namespace);
        ps.setString(2, collection);
        if (prefix != null && !prefix.isEmpty()) {
          ps.setString(3, prefix);
          ps.setString(4, prefix + Character.MAX_VALUE);
        }
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return rs.getLong(1);
        }
      }
    }));
  }

  private List<StoredDocument> page(Connection c, String collection, ListOptions o) throws SQLException {
    StringBuilder sql = new StringBuilder(SELECT).append(" WHERE namespace = ? AND collection = ?");
    List<String> args = new ArrayList<>(List.of(namespace, collection));
    if (o.prefix() != null && !o.prefix().isEmpty()) {
      // A range on the primary key instead of LIKE, which would not use the index.
      sql.append(" AND key >= ? AND key < ?");
      args.add(o.prefix());
      args.add(o.prefix() + Character.MAX_VALUE);
    }
    if (o.after() != null) {
      sql.append(o.descending() ? " AND key < ?" : " AND key > ?");
      args.add(o.after());
    }
    sql.append(" ORDER BY key").append(o.descending() ? " DESC" : "").append(" LIMIT ").append(o.limit());
    try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
      for (int i = 0; i < args.size(); i++) {
        ps.setString(i + 1, args.get(i));
      }
      List<StoredDocument> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(document(rs));
        }
      }
      return out;
    }
  }

  private Future<StoredDocument> write(String collection, String key, JsonObject value, SqlOp.Body<StoredDocument> body) {
    if (value == null) {
      return Future.failedFuture(HubException.badRequest("a document is required"));
    }
    if (value.encode().length() > MAX_DOCUMENT_BYTES) {
      return Future.failedFuture(new HubException(ErrorCode.TOO_LARGE, "a document is at most 1 MiB of JSON"));
    }
    return checked(collection, key).compose(v -> log.onWriter(body));
  }

  private StoredDocument find(Connection c, String collection, String key) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE namespace = ? AND collection = ? AND key = ?")) {
      ps.setString(1, namespace);
      ps.setString(2, collection);
      ps.setString(3, key);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? document(rs) : null;
      }
    }
  }

  private StoredDocument store(Connection c, String collection, String key, JsonObject value, long version)
      throws SQLException {
    long now = System.currentTimeMillis();
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO documents(namespace, collection, key, version, value, updated) VALUES(?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT(namespace, collection, key) DO UPDATE SET version = excluded.version,"
            + " value = excluded.value, updated = excluded.updated")) {
      ps.setString(1, namespace);
      ps.setString(2, collection);
      ps.setString(3, key);
      ps.setLong(4, version);
      ps.setString(5, value.encode());
      ps.setLong(6, now);
      ps.executeUpdate();
    }
    log.documentWritten(new DocumentChange(namespace, collection, key, version, value.encode(), now));
    return new StoredDocument(collection, key, version, value, Instant.ofEpochMilli(now));
  }

  /** Writes or removes one document as another node's write left it. */
  static void apply(Connection c, DocumentChange change) throws SQLException {
    if (change.removed()) {
      try (PreparedStatement ps = c.prepareStatement(
          "DELETE FROM documents WHERE namespace = ? AND collection = ? AND key = ?")) {
        ps.setString(1, change.namespace());
        ps.setString(2, change.collection());
        ps.setString(3, change.key());
        ps.executeUpdate();
      }
      return;
    }
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO documents(namespace, collection, key, version, value, updated) VALUES(?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT(namespace, collection, key) DO UPDATE SET version = excluded.version,"
            + " value = excluded.value, updated = excluded.updated")) {
      ps.setString(1, change.namespace());
      ps.setString(2, change.collection());
      ps.setString(3, change.key());
      ps.setLong(4, change.version());
      ps.setString(5, change.value());
      ps.setLong(6, change.updated());
      ps.executeUpdate();
    }
  }

  /** Every document of every namespace. */
  static List<DocumentChange> all(Connection c) throws SQLException {
    List<DocumentChange> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT namespace, collection, key, version, value, updated FROM documents");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(new DocumentChange(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getString(5),
            rs.getLong(6)));
      }
    }
    return out;
  }

  private static StoredDocument document(ResultSet rs) throws SQLException {
    return new StoredDocument(rs.getString(1), rs.getString(2), rs.getLong(3), new JsonObject(rs.getString(4)),
        Instant.ofEpochMilli(rs.getLong(5)));
  }

  private static Future<Void> checked(String collection, String key) {
    if (collection == null || collection.isEmpty() || collection.length() > MAX_NAME) {
      return Future.failedFuture(HubException.badRequest("a collection name is 1 to 256 characters"));
    }
    if (key == null || key.isEmpty() || key.length() > MAX_NAME) {
      return Future.failedFuture(HubException.badRequest("a key is 1 to 256 characters"));
    }
    return Future.succeededFuture();
  }
}
