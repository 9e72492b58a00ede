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

/** Appends one batch of drafts: consecutive sequence numbers, one record per id. */
final class AppendOp extends WriteOp<List<Appended>> {
  private static final String INSERT =
      "INSERT INTO events(seq, id, category, event, key, ts, data) VALUES(?, ?, ?, ?, ?, ?, ?)";
  private static final String BY_ID = "SELECT seq, category, event, key, ts, data FROM events WHERE id = ?";

  private final List<EventDraft> drafts;
  private final String[] data;
  private final Cursors cursors;
  private long seqBefore;

  /** Encodes the drafts' payloads here, on the caller's thread: the single writer thread only binds them. */
  AppendOp(Context context, List<EventDraft> drafts, Cursors cursors) {
    super(context);
    this.drafts = drafts;
    this.cursors = cursors;
    this.data = new String[drafts.size()];
    for (int i = 0; i < data.length; i++) {
      data[i] = drafts.get(i).data().encode();
    }
  }

  @Override
  int weight() {
    return drafts.size();
  }

  // Drafts are validated and duplicate ids resolved before inserting: only the store itself can fail this.
  @Override
  boolean needsSavepoint() {
    return false;
  }

  @Override
  List<Appended> apply(Connection c, WriterState state) throws SQLException {
    seqBefore = state.nextSeq;
    long ts = state.nextTimestamp();
    Instant timestamp = Instant.ofEpochMilli(ts);
    List<Appended> out = new ArrayList<>(drafts.size());
    // Only producer-supplied ids can repeat; the hub's own are unique.
    Map<String, Appended> seenInBatch = null;
    PreparedStatement insert = state.statement(c, INSERT);
    insert.clearBatch();
    for (int i = 0; i < drafts.size(); i++) {
      EventDraft draft = drafts.get(i);
      Appended earlier = draft.id() == null ? null : earlier(state.statement(c, BY_ID), draft.id(), seenInBatch);
      if (earlier != null) {
        out.add(new Appended(earlier.event(), false));
        continue;
      }
      Appended appended = new Appended(record(insert, draft, data[i], state.nextSeq++, ts, timestamp), true);
      if (draft.id() != null) {
        seenInBatch = seenInBatch == null ? new HashMap<>() : seenInBatch;
        seenInBatch.put(draft.id(), appended);
      }
      out.add(appended);
    }
    insert.executeBatch();
    return out;
  }

  private HubEvent record(PreparedStatement insert, EventDraft draft, String data, long seq, long ts, Instant timestamp)
      throws SQLException {
    String id = draft.id() != null ? draft.id() : EventIds.next(ts);
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

  private Appended earlier(PreparedStatement ps, String id, Map<String, Appended> seenInBatch) throws SQLException {
    Appended inBatch = seenInBatch == null ? null : seenInBatch.get(id);
    if (inBatch != null) {
      return inBatch;
    }
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
