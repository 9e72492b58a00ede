package dev.eventhub.runtime.log.impl;

import dev.eventhub.api.EventDraft;
import dev.eventhub.api.EventFilter;
import dev.eventhub.api.Glob;
import dev.eventhub.api.HubEvent;
import dev.eventhub.api.HubException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Builds and runs the filtered range reads of the log on a reader connection. */
final class EventReader {
  private static final Pattern PATTERN = Pattern.compile("[a-z0-9*-]+");
  private static final String COLUMNS = "SELECT seq, id, category, event, key, ts, data, attributes FROM events";

  // What an event costs beyond its fields' text in a page (cursor, timestamp, JSON punctuation).
  private static final int EVENT_OVERHEAD = 96;

  private final Cursors cursors;

  /**
   * Events read, in the order read; {@code cut} when a byte budget stopped the read before the rows
   * ran out.
   */
  record Slice(List<HubEvent> events, boolean cut) {}

  EventReader(Cursors cursors) {
    this.cursors = cursors;
  }

  /** Up to {@code limit} matching events with a sequence above {@code afterSeq}, ascending. */
  List<HubEvent> after(Connection c, EventFilter filter, long afterSeq, int limit) throws SQLException {
    return after(c, filter, afterSeq, limit, Long.MAX_VALUE).events();
  }

  /**
   * As {@link #after(Connection, EventFilter, long, int)}, stopping before the events would take more
   * than {@code maxBytes} (one event at least, whatever its size).
   */
  Slice after(Connection c, EventFilter filter, long afterSeq, int limit, long maxBytes) throws SQLException {
    return after(c, filter, afterSeq, Long.MAX_VALUE, limit, maxBytes);
  }

  /** As {@link #after(Connection, EventFilter, long, int, long)}, of the events up to {@code throughSeq} only. */
  Slice after(Connection c, EventFilter filter, long afterSeq, long throughSeq, int limit, long maxBytes)
      throws SQLException {
    List<Object> args = new ArrayList<>();
    StringBuilder sql = new StringBuilder(COLUMNS).append(" WHERE seq > ?");
    args.add(afterSeq);
    if (throughSeq != Long.MAX_VALUE) {
      sql.append(" AND seq <= ?");
      args.add(throughSeq);
    }
    appendFilter(sql, args, filter);
    sql.append(" ORDER BY seq LIMIT ?");
    args.add(limit);
    return run(c, sql.toString(), args, maxBytes);
  }

  /**
   * Whether a read of {@code filter} may have to read rows that do not match, without bound: its events, keys or
   * attributes narrow it, and no index serves them (only categories have one: see Schema).
   */
  static boolean needsScanBudget(EventFilter filter) {
    return !filter.keys().isEmpty() || !filter.attributes().isEmpty()
        || (!filter.events().isEmpty() && !filter.events().contains("*"));
  }

  /**
   * The end of the window one page may scan: the sequence number of the {@code rows}-th event after {@code afterSeq}
   * of the filter's category when it names one (read from the category index, no row of the table), of any category
   * otherwise (several categories or a glob: counted on the log itself, so that the window is bounded however rare
   * those categories are); -1 when fewer remain.
   */
  long scanEnd(Connection c, EventFilter filter, long afterSeq, long rows) throws SQLException {
    List<Object> args = new ArrayList<>();
    StringBuilder sql = new StringBuilder("SELECT seq FROM events WHERE seq > ?");
    args.add(afterSeq);
    List<String> categories = filter.categories();
    if (categories.size() == 1 && !Glob.isGlob(categories.get(0))) {
      anyOf(sql, args, "category", categories);
    }
    sql.append(" ORDER BY seq LIMIT 1 OFFSET ?");
    args.add(rows - 1);
    try (PreparedStatement ps = prepare(c, sql.toString(), args); ResultSet rs = ps.executeQuery()) {
      return rs.next() ? rs.getLong(1) : -1;
    }
  }

  /** The {@code limit} newest matching events that fit in {@code maxBytes} (one at least), ascending. */
  List<HubEvent> newest(Connection c, EventFilter filter, int limit, long maxBytes) throws SQLException {
    List<Object> args = new ArrayList<>();
    StringBuilder sql = new StringBuilder(COLUMNS).append(" WHERE 1 = 1");
    appendFilter(sql, args, filter);
    sql.append(" ORDER BY seq DESC LIMIT ?");
    args.add(limit);
    List<HubEvent> events = new ArrayList<>(run(c, sql.toString(), args, maxBytes).events());
    java.util.Collections.reverse(events);
    return events;
  }

  /** The first record of {@code id} in {@code category}, or null. */
  HubEvent byId(Connection c, String category, String id) throws SQLException {
    List<HubEvent> found = run(c, COLUMNS + " WHERE category = ? AND id = ? ORDER BY seq LIMIT 1",
        List.of(category, id), Long.MAX_VALUE).events();
    return found.isEmpty() ? null : found.get(0);
  }

  private static void appendFilter(StringBuilder sql, List<Object> args, EventFilter filter) {
    if (!filter.categories().contains("*")) {
      anyOf(sql, args, "category", filter.categories());
    }
    if (!filter.events().isEmpty() && !filter.events().contains("*")) {
      anyOf(sql, args, "event", filter.events());
    }
    if (!filter.keys().isEmpty()) {
      sql.append(" AND key IN (").append("?, ".repeat(filter.keys().size() - 1)).append("?)");
      args.addAll(filter.keys());
    }
    // Every pair must match; a row without the attribute (json_extract gives NULL) matches none.
    for (java.util.Map.Entry<String, String> pair : filter.attributes().entrySet()) {
      checkAttributeName(pair.getKey());
      String pattern = pair.getValue();
      sql.append(" AND json_extract(attributes, ?)").append(Glob.isGlob(pattern) ? " GLOB ?" : " = ?");
      args.add("$.\"" + pair.getKey() + "\"");
      args.add(Glob.isGlob(pattern) ? sqliteGlob(pattern) : pattern);
    }
  }

  // The protocol's globs know only '*'; SQLite's also '?' and '[...]', which stand for themselves here.
  static String sqliteGlob(String pattern) {
    StringBuilder out = new StringBuilder(pattern.length() + 8);
    for (int i = 0; i < pattern.length(); i++) {
      char ch = pattern.charAt(i);
      switch (ch) {
        case '?' -> out.append("[?]");
        case '[' -> out.append("[[]");
        default -> out.append(ch);
      }
    }
    return out.toString();
  }

  // The name goes into a JSON path: only names the protocol allows (no quote, no backslash) get there.
  private static void checkAttributeName(String name) {
    if (!EventDraft.isValidAttributeName(name)) {
      throw HubException.badRequest("attribute name '" + name + "' must match [a-z0-9_.-]{1,64}");
    }
  }

  // GLOB is safe here: patterns are checked to hold only [a-z0-9*-], so '*' is the only wildcard.
  private static void anyOf(StringBuilder sql, List<Object> args, String column, List<String> patterns) {
    sql.append(" AND (");
    for (int i = 0; i < patterns.size(); i++) {
      String p = checkPattern(column, patterns.get(i));
      sql.append(i == 0 ? "" : " OR ").append(column).append(p.indexOf('*') >= 0 ? " GLOB ?" : " = ?");
      args.add(p);
    }
    sql.append(')');
  }

  static String checkPattern(String field, String pattern) {
    if (pattern == null || !PATTERN.matcher(pattern).matches()) {
      throw HubException.badRequest(
          "'" + field + "' pattern must match [a-z0-9*-]+, got '" + pattern + "'");
    }
    return pattern;
  }

  // Rows are read one at a time: a page stops at its byte budget without holding the rows it leaves out.
  private Slice run(Connection c, String sql, List<Object> args, long maxBytes) throws SQLException {
    try (PreparedStatement ps = prepare(c, sql, args)) {
      List<HubEvent> out = new ArrayList<>();
      long bytes = 0;
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String id = rs.getString(2);
          String category = rs.getString(3);
          String event = rs.getString(4);
          String key = rs.getString(5);
          String data = rs.getString(7);
          String attributes = rs.getString(8);
          bytes += EVENT_OVERHEAD + id.length() + category.length() + event.length()
              + (key == null ? 0 : key.length()) + data.length() + (attributes == null ? 0 : attributes.length());
          if (bytes > maxBytes && !out.isEmpty()) {
            return new Slice(out, true);
          }
          out.add(HubEvent.withEncodedData(id, cursors.format(rs.getLong(1)), category, event, key,
              Instant.ofEpochMilli(rs.getLong(6)), data, AttributeColumn.decode(attributes)));
        }
      }
      return new Slice(out, false);
    }
  }

  private static PreparedStatement prepare(Connection c, String sql, List<Object> args) throws SQLException {
    PreparedStatement ps = c.prepareStatement(sql);
    try {
      for (int i = 0; i < args.size(); i++) {
        ps.setObject(i + 1, args.get(i));
      }
      return ps;
    } catch (SQLException | RuntimeException e) {
      ps.close();
      throw e;
    }
  }
}
