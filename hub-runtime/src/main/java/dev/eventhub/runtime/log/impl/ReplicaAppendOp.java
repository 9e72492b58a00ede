package dev.eventhub.runtime.log.impl;

import dev.eventhub.api.ErrorCode;
import dev.eventhub.api.HubEvent;
import dev.eventhub.api.HubException;
import io.vertx.core.Context;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;

/** Records events another node sequenced, keeping their ids, sequence numbers and timestamps. */
final class ReplicaAppendOp extends WriteOp<Void> {
  private static final String INSERT =
      "INSERT INTO events(seq, id, category, event, key, ts, data) VALUES(?, ?, ?, ?, ?, ?, ?)";

  private final List<HubEvent> events;
  private final Cursors cursors;
  private final boolean gapsAllowed;
  private final List<HubEvent> created = new ArrayList<>();
  private long seqBefore;
  private long timestampBefore;

  ReplicaAppendOp(Context context, List<HubEvent> events, Cursors cursors, boolean gapsAllowed) {
    super(context);
    this.events = events;
    this.cursors = cursors;
    this.gapsAllowed = gapsAllowed;
  }

  @Override
  int weight() {
    return events.size();
  }

  @Override
  Void apply(Connection c, WriterState state) throws Exception {
    seqBefore = state.nextSeq;
    timestampBefore = state.lastTimestamp;
    created.clear();
    PreparedStatement insert = state.statement(c, INSERT);
    insert.clearBatch();
    for (HubEvent e : events) {
      long seq = cursors.parse(e.cursor());
      if (seq < 0) {
        throw new HubException(ErrorCode.CONFLICT, "cursor " + e.cursor() + " is not of this log's epoch");
      }
      if (seq < state.nextSeq) {
        continue;
      }
      if (seq != state.nextSeq && !gapsAllowed) {
        throw new HubException(ErrorCode.CONFLICT, "replicated events skip from " + (state.nextSeq - 1) + " to " + seq);
      }
      long ts = e.timestamp().toEpochMilli();
      insert.setLong(1, seq);
      insert.setString(2, e.id());
      insert.setString(3, e.category());
      insert.setString(4, e.event());
      insert.setString(5, e.key());
      insert.setLong(6, ts);
      insert.setString(7, e.dataJson());
      insert.addBatch();
      state.nextSeq = seq + 1;
      state.lastTimestamp = Math.max(state.lastTimestamp, ts);
      created.add(e);
    }
    insert.executeBatch();
    return null;
  }

  @Override
  void rolledBack(WriterState state) {
    state.nextSeq = seqBefore;
    state.lastTimestamp = timestampBefore;
    created.clear();
  }

  /** The events this op recorded (those not already in the log), in log order. */
  List<HubEvent> created() {
    return created;
  }
}
