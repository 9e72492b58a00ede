package dev.eventhub.runtime.log.impl;

import dev.eventhub.api.HubException;
import dev.eventhub.api.spi.ListOptions;
import dev.eventhub.api.spi.PluginStorage;
import dev.eventhub.api.spi.StoredDocument;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** A plugin's documents in the log's store, namespaced by plugin name; writes go through the log's writer. */
final class SqlitePluginStorage implements PluginStorage {
  private static final String SELECT = Documents.SELECT;
  private final String namespace;
  private final SqliteEventLog log;

  SqlitePluginStorage(String namespace, SqliteEventLog log) {
    this.namespace = namespace;
    this.log = log;
  }

  @Override
  public Future<StoredDocument> get(String collection, String key) {
    return DocumentRules.checkNames(collection, key)
        .compose(v -> log.onReader(c -> Documents.find(c, namespace, collection, key)));
  }

  @Override
  public Future<StoredDocument> put(String collection, String key, JsonObject value) {
    return write(collection, key, value, (c, text) -> {
      StoredDocument current = Documents.find(c, namespace, collection, key);
      return store(c, collection, key, text, current == null ? 1 : current.version() + 1);
    });
  }

  @Override
  public Future<StoredDocument> insert(String collection, String key, JsonObject value) {
    return write(collection, key, value, (c, text) -> {
      if (Documents.find(c, namespace, collection, key) != null) {
        throw HubException.conflict("'" + key + "' already exists in " + collection);
      }
      return store(c, collection, key, text, 1);
    });
  }

  @Override
  public Future<StoredDocument> replace(String collection, String key, long expectedVersion, JsonObject value) {
    return write(collection, key, value, (c, text) -> {
      StoredDocument current = Documents.find(c, namespace, collection, key);
      if (current == null) {
        throw HubException.notFound("no '" + key + "' in " + collection);
      }
      if (current.version() != expectedVersion) {
        throw HubException.conflict("'" + key + "' in " + collection + " is at version " + current.version()
            + ", not " + expectedVersion);
      }
      return store(c, collection, key, text, expectedVersion + 1);
    });
  }

  @Override
  public Future<Boolean> delete(String collection, String key) {
    return deleteAll(collection, List.of(key)).map(n -> n > 0);
  }

  @Override
  public Future<Integer> deleteAll(String collection, List<String> keys) {
    List<String> copy = List.copyOf(keys);
    return DocumentRules.checkNames(collection, "-")
        .compose(v -> log.onWriter(c -> Documents.delete(c, namespace, collection, copy)));
  }

  @Override
  public Future<List<StoredDocument>> list(String collection, ListOptions options) {
    return DocumentRules.checkNames(collection, "-").compose(v -> log.onReader(c -> page(c, collection, options)));
  }

  @Override
  public Future<Long> count(String collection, String prefix) {
    return DocumentRules.checkNames(collection, "-").compose(v -> log.onReader(c -> {
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
          out.add(Documents.document(rs));
        }
      }
      return out;
    }
  }

  private interface Write {
    StoredDocument apply(Connection c, String text) throws Exception;
  }

  private Future<StoredDocument> write(String collection, String key, JsonObject value, Write body) {
    return DocumentRules.encode(collection, key, value).compose(text -> log.onWriter(c -> body.apply(c, text)));
  }

  private StoredDocument store(Connection c, String collection, String key, String text, long version)
      throws SQLException {
    return Documents.store(c, namespace, collection, key, text, version, System.currentTimeMillis());
  }
}
