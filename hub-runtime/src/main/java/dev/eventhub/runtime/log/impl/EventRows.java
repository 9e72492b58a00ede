package dev.eventhub.runtime.log.impl;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Inserts rows of the events table several per statement: {@code INSERT ... VALUES (...),(...),...}. One
 * statement step per chunk instead of one per row saves the driver's per-row round trip into SQLite (bind,
 * step, reset), which was a large part of the writer thread's time per event of a batch (issue 24).
 * Chunks are of {@link #CHUNKS} rows, largest first, each statement prepared once for the writer's life.
 */
final class EventRows {
  static final int COLUMNS = 8;
  /** Rows per statement, largest first; the last is 1 so that every count is reachable. */
  static final int[] CHUNKS = {64, 16, 4, 1};

  private static final String[] SQL = new String[CHUNKS.length];

  static {
    for (int i = 0; i < CHUNKS.length; i++) {
      StringBuilder sql = new StringBuilder("INSERT INTO events(seq, id, category, event, key, ts, data, attributes) VALUES");
      for (int r = 0; r < CHUNKS[i]; r++) {
        sql.append(r == 0 ? "(?, ?, ?, ?, ?, ?, ?, ?)" : ",(?, ?, ?, ?, ?, ?, ?, ?)");
      }
      SQL[i] = sql.toString();
    }
  }

  private final long[] seq;
  private final String[] id;
  private final String[] category;
  private final String[] event;
  private final String[] key;
  private final String[] data;
  private final String[] attributes;
  private int size;

  EventRows(int capacity) {
    seq = new long[capacity];
    id = new String[capacity];
    category = new String[capacity];
    event = new String[capacity];
    key = new String[capacity];
    data = new String[capacity];
    attributes = new String[capacity];
  }

  void add(long seq, String id, String category, String event, String key, String data, String attributes) {
    this.seq[size] = seq;
    this.id[size] = id;
    this.category[size] = category;
    this.event[size] = event;
    this.key[size] = key;
    this.data[size] = data;
    this.attributes[size] = attributes;
    size++;
  }

  int size() {
    return size;
  }

  /** Inserts the rows added, all with timestamp {@code ts}, in log order. */
  void insert(Connection c, WriterState state, long ts) throws SQLException {
    int row = 0;
    for (int i = 0; i < CHUNKS.length && row < size; i++) {
      int chunk = CHUNKS[i];
      while (size - row >= chunk) {
        PreparedStatement ps = state.statement(c, SQL[i]);
        int p = 1;
        for (int r = row; r < row + chunk; r++) {
          ps.setLong(p++, seq[r]);
          ps.setString(p++, id[r]);
          ps.setString(p++, category[r]);
          ps.setString(p++, event[r]);
          ps.setString(p++, key[r]);
          ps.setLong(p++, ts);
          ps.setString(p++, data[r]);
          ps.setString(p++, attributes[r]);
        }
        try {
          ps.executeUpdate();
        } catch (SQLException e) {
          state.forget(SQL[i]);
          throw e;
        }
        row += chunk;
      }
    }
  }
}
