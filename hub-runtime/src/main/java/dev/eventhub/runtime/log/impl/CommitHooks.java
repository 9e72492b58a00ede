package dev.eventhub.runtime.log.impl;

import dev.eventhub.api.HubEvent;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * What follows each group commit, on the writer thread: the per-category counts, the figures, the newest
 * readable sequence number, then the recorded events handed on (to the event bus) before any append of the
 * group completes. Before each commit, retention's share of the group, in its transaction.
 */
final class CommitHooks implements LogWriter.Hooks {
  private final CategoryCounts counts;
  private final Retention retention;
  private final Consumer<List<HubEvent>> onRecorded;
  private final LongConsumer recordedThrough;
  private final AtomicLong appended = new AtomicLong();
  private final AtomicLong commits = new AtomicLong();
  // Told each group's payload bytes after its commit: the WAL checkpointer's pace (issue 24).
  private volatile LongConsumer committedBytes = bytes -> { };
  // Runs between groups on the writer's connection: the WAL checkpointer's restart (issue 24).
  private volatile Consumer<Connection> betweenGroups = connection -> { };
  // Told each group commit's duration (the metrics' histogram); nothing until someone listens.
  private volatile java.util.function.LongConsumer commitNanos = nanos -> { };

  CommitHooks(CategoryCounts counts, Retention retention, Consumer<List<HubEvent>> onRecorded,
      LongConsumer recordedThrough) {
    this.counts = counts;
    this.retention = retention;
    this.onRecorded = onRecorded;
    this.recordedThrough = recordedThrough;
  }

  long appended() {
    return appended.get();
  }

  long commits() {
    return commits.get();
  }

  void onCommit(java.util.function.LongConsumer listener) {
    commitNanos = listener;
  }

  void onCommittedBytes(LongConsumer listener) {
    committedBytes = listener;
  }

  void onBetweenGroups(Consumer<Connection> task) {
    betweenGroups = task;
  }

  @Override
  public void betweenGroups(Connection connection) {
    betweenGroups.accept(connection);
  }

  @Override
  public void committed(List<WriteOp<?>> group, long nanos) {
    commitNanos.accept(nanos);
    List<HubEvent> recorded = new ArrayList<>();
    long appliedThrough = -1;
    long bytes = 0;
    for (WriteOp<?> op : group) {
      bytes += op.bytes();
      if (op.hasFailed()) {
        continue;
      }
      if (op instanceof AppendOp append) {
        recorded.addAll(append.created());
      } else if (op instanceof ApplyOp apply) {
        recorded.addAll(apply.created());
        appliedThrough = Math.max(appliedThrough, apply.lastOffset());
      }
    }
    commits.incrementAndGet();
    committedBytes.accept(bytes);
    if (!recorded.isEmpty()) {
      count(recorded);
    }
    // After the group's events are counted, before the table is written: the counts then hold both.
    retention.committed(group, recorded.size());
    if (!recorded.isEmpty()) {
      counts.writeIfDue();
    }
    if (appliedThrough >= 0) {
      // A cluster's head is its applied offset's sequence number, whether or not that record was an event.
      recordedThrough.accept(appliedThrough + 1);
    }
    if (!recorded.isEmpty()) {
      onRecorded.accept(recorded);
    }
  }

  private void count(List<HubEvent> recorded) {
    // Per run of one category (a batch is usually one): the map is shared with readers of the figures.
    String category = recorded.get(0).category();
    long run = 0;
    for (HubEvent e : recorded) {
      if (!e.category().equals(category)) {
        counts.recorded(category, run);
        category = e.category();
        run = 0;
      }
      run++;
    }
    counts.recorded(category, run);
    appended.addAndGet(recorded.size());
    recordedThrough.accept(seqOf(recorded.get(recorded.size() - 1)));
  }

  private static long seqOf(HubEvent event) {
    String cursor = event.cursor();
    // The sequence number is the cursor's last 12 (single node) or 16 (cluster) hex digits.
    return cursor.length() == 32 ? Long.parseUnsignedLong(cursor.substring(16), 16)
        : Long.parseUnsignedLong(cursor, 16) & Cursors.MAX_SEQ;
  }

  @Override
  public void beforeCommit(Connection connection, List<WriteOp<?>> group) throws SQLException {
    Map<String, Long> perCategory = new HashMap<>();
    for (WriteOp<?> op : group) {
      if (op.hasFailed()) {
        continue;
      }
      List<HubEvent> created = op instanceof AppendOp append ? append.created()
          : op instanceof ApplyOp apply ? apply.created() : List.of();
      for (HubEvent e : created) {
        perCategory.merge(e.category(), 1L, Long::sum);
      }
    }
    retention.inGroup(connection, group, perCategory);
  }

  @Override
  public void rolledBack(List<WriteOp<?>> group) {
    retention.rolledBack(group);
  }

  @Override
  public boolean pruneStep(Connection connection) throws SQLException {
    return retention.step(connection);
  }

  @Override
  public long millisUntilPrune() {
    return retention.millisUntilDue();
  }
}
