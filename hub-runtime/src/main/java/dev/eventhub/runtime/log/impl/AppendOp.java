package dev.eventhub.runtime.log.impl;

import dev.eventhub.api.EventDraft;
import dev.eventhub.api.HubEvent;
import dev.eventhub.api.HubException;
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

/**
 * Appends one batch of drafts: consecutive sequence numbers, one record per id and category. An id is
 * a producer's idempotency key within a category: the same id in another category is another event,
 * so that a publisher never sees (nor is refused because of) an event of a category it cannot read.
 */
final class AppendOp extends WriteOp<List<Appended>> {
  private static final String BY_ID =
      "SELECT seq, event, key, ts, data, attributes FROM events WHERE category = ? AND id = ?";

  private final List<EventDraft> drafts;
  private final String[] data;
  private final String[] attributes;
  // The hub's ids for drafts without one, drawn here: formatting a UUID was a tenth of the writer's Java time.
  private final String[] ids;
  private final long bytes;
  private final Cursors cursors;
  private long seqBefore;

  /** Encodes the drafts' payloads and draws the hub's ids here, on the caller's thread: the single writer thread only binds them. */
  AppendOp(Context context, List<EventDraft> drafts, Cursors cursors) {
    super(context);
    this.drafts = drafts;
    this.cursors = cursors;
    this.data = new String[drafts.size()];
    this.attributes = new String[drafts.size()];
    this.ids = new String[drafts.size()];
    long now = System.currentTimeMillis();
    long total = 0;
    for (int i = 0; i < data.length; i++) {
      ids[i] = drafts.get(i).id() != null ? drafts.get(i).id() : EventIds.next(now);
      data[i] = drafts.get(i).encodeData();
      attributes[i] = AttributeColumn.encode(drafts.get(i).attributes());
      total += data[i].length() + (attributes[i] == null ? 0 : attributes[i].length());
    }
    this.bytes = total;
  }

  @Override
  int weight() {
    return drafts.size();
  }

  @Override
  long bytes() {
    return bytes;
  }

  @Override
  boolean refusable() {
    return true;
  }

  // Drafts are validated and duplicate ids resolved before inserting: only the store itself can fail this.
  @Override
  boolean needsSavepoint() {
    return false;
  }

  @Override
  List<Appended> apply(Connection c, WriterState state) throws SQLException {
    seqBefore = state.nextSeq;
    // Before any row is written: a refused batch changes nothing.
    try {
      drafts.forEach(d -> state.admitCategory(d.category()));
    } catch (HubException e) {
      refused(StoreHealth.MAX_CATEGORIES, e);
      throw e;
    }
    long ts = state.nextTimestamp();
    Instant timestamp = Instant.ofEpochMilli(ts);
    List<Appended> out = new ArrayList<>(drafts.size());
    // Only producer-supplied ids can repeat; the hub's own are unique.
    Map<String, Appended> seenInBatch = null;
    EventRows rows = new EventRows(drafts.size());
    for (int i = 0; i < drafts.size(); i++) {
      EventDraft draft = drafts.get(i);
      String idKey = draft.id() == null ? null : draft.category() + '\n' + draft.id();
      Appended earlier = idKey == null ? null : earlier(state.statement(c, BY_ID), draft, idKey, seenInBatch);
      if (earlier != null) {
        out.add(new Appended(earlier.event(), false));
        continue;
      }
      Appended appended = new Appended(record(rows, draft, ids[i], i, state.nextSeq++, ts, timestamp), true);
      if (idKey != null) {
        seenInBatch = seenInBatch == null ? new HashMap<>() : seenInBatch;
        seenInBatch.put(idKey, appended);
      }
      out.add(appended);
    }
    rows.insert(c, state, ts);
    return out;
  }

  private HubEvent record(EventRows rows, EventDraft draft, String id, int i, long seq, long ts, Instant timestamp) {
    rows.add(seq, id, draft.category(), draft.event(), draft.key(), data[i], attributes[i]);
    return HubEvent.withEncodedData(id, cursors.format(seq), draft.category(), draft.event(), draft.key(), timestamp,
        data[i], draft.attributes());
  }

  // The category is part of the key (a newline never occurs in a category, so the key is unambiguous).
  private Appended earlier(PreparedStatement ps, EventDraft draft, String idKey, Map<String, Appended> seenInBatch)
      throws SQLException {
    Appended inBatch = seenInBatch == null ? null : seenInBatch.get(idKey);
    if (inBatch != null) {
      return inBatch;
    }
    ps.setString(1, draft.category());
    ps.setString(2, draft.id());
    try (ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        return null;
      }
      HubEvent event = HubEvent.withEncodedData(draft.id(), cursors.format(rs.getLong(1)), draft.category(),
          rs.getString(2), rs.getString(3), Instant.ofEpochMilli(rs.getLong(4)), rs.getString(5),
          AttributeColumn.decode(rs.getString(6)));
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
