package dev.eventhub.runtime.log.impl;

import dev.eventhub.api.EventDraft;
import dev.eventhub.api.HubEvent;
import dev.eventhub.runtime.log.Appended;
import io.vertx.core.Context;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Appends one batch of drafts: consecutive sequence numbers, one record per id. */
final class AppendOp extends WriteOp<List<Appended>> {
  private static final String INSERT =
      "INSERT INTO events(seq, id, category, event, key, ts, data) VALUES(?, ?, ?, ?, ?, ?, ?)";
  private static final String BY_ID = "SELECT seq, category, event, key, ts, data FROM events WHERE id = ?";

  private final List<EventDraft> drafts;
  private final Cursors cursors;
  private long seqBefore;

  AppendOp(Context context, List<EventDraft> drafts, Cursors cursors) {
    super(context);
    this.drafts = drafts;
    this.cursors = cursors;
  }

  @Override
  int weight() {
    return drafts.size();
  }

  @Override
  List<Appended> apply(Connection c, WriterState state) throws SQLException {
    seqBefore = state.nextSeq;
    long ts = state.nextTimestamp();
    Instant timestamp = Instant.ofEpochMilli(ts);
    List<Appended> out = new ArrayList<>(drafts.size());
    Map<String, Appended> seenInBatch = new HashMap<>();
    try (PreparedStatement insert = c.prepareStatement(INSERT)) {
      for (EventDraft draft : drafts) {
        Appended earlier = draft.id() == null ? null : earlier(c, draft.id(), seenInBatch);
        if (earlier != null) {
          out.add(new Appended(earlier.event(), false));
          continue;
        }
        HubEvent event = record(insert, draft, state.nextSeq++, ts, timestamp);
        Appended appended = new Appended(event, true);
        seenInBatch.put(event.id(), appended);
        out.add(appended);
      }
      insert.executeBatch();
    }
    return out;
  }

  private HubEvent record(PreparedStatement insert, EventDraft draft, long seq, long ts, Instant timestamp)
      throws SQLException {
    String id = draft.id() != null ? draft.id() : UUID.randomUUID().toString();
    String data = draft.data().encode();
    insert.setLong(1, seq);
    insert.setString(2, id);
    insert.setString(3, draft.category());
    insert.setString(4, draft.event());
    insert.setString(5, draft.key());
    insert.setLong(6, ts);
    insert.setString(7, data);
    insert.addBatch();
    return HubEvent.withEncodedData(id, cursors.format(seq), draft.category(), draft.event(), draft.key(), timestamp, data);
  }

  private Appended earlier(Connection c, String id, Map<String, Appended> seenInBatch) throws SQLException {
    Appended inBatch = seenInBatch.get(id);
    if (inBatch != null) {
      return inBatch;
    }
    try (PreparedStatement ps = c.prepareStatement(BY_ID)) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        HubEvent event = HubEvent.withEncodedData(id, cursors.format(rs.getLong(1)), rs.getString(2), rs.getString(3),
            rs.getString(4), Instant.ofEpochMilli(rs.getLong(5)), rs.getString(6));
        return new Appended(event, false);
      }
    }
  }

  @Override
  void rolledBack(WriterState state) {
    state.nextSeq = seqBefore;
  }

  /** The events this op created, in log order. */
  List<HubEvent> created() {
    List<HubEvent> events = new ArrayList<>();
    for (Appended a : result()) {
      if (a.created()) {
        events.add(a.event());
      }
    }
    return events;
  }
}
