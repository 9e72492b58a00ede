package dev.eventhub.runtime.log.impl;

import dev.eventhub.api.EventFilter;
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
  private static final String COLUMNS = "SELECT seq, id, category, event, key, ts, data FROM events";

  private final Cursors cursors;

  EventReader(Cursors cursors) {
    this.cursors = cursors;
  }

  /** Up to {@code limit} matching events with a sequence above {@code afterSeq}, ascending. */
  List<HubEvent> after(Connection c, EventFilter filter, long afterSeq, int limit) throws SQLException {
    List<Object> args = new ArrayList<>();
    StringBuilder sql = new StringBuilder(COLUMNS).append(" WHERE seq > ?");
    args.add(afterSeq);
    appendFilter(sql, args, filter);
    sql.append(" ORDER BY seq LIMIT ?");
    args.add(limit);
    return run(c, sql.toString(), args);
  }

  /** The {@code limit} newest matching events, ascending. */
  List<HubEvent> newest(Connection c, EventFilter filter, int limit) throws SQLException {
    List<Object> args = new ArrayList<>();
    StringBuilder sql = new StringBuilder(COLUMNS).append(" WHERE 1 = 1");
    appendFilter(sql, args, filter);
    sql.append(" ORDER BY seq DESC LIMIT ?");
    args.add(limit);
    List<HubEvent> events = run(c, sql.toString(), args);
    java.util.Collections.reverse(events);
    return events;
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

  private List<HubEvent> run(Connection c, String sql, List<Object> args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.size(); i++) {
        ps.setObject(i + 1, args.get(i));
      }
      List<HubEvent> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(HubEvent.withEncodedData(rs.getString(2), cursors.format(rs.getLong(1)), rs.getString(3),
              rs.getString(4), rs.getString(5), Instant.ofEpochMilli(rs.getLong(6)), rs.getString(7)));
        }
      }
      return out;
    }
  }
}
