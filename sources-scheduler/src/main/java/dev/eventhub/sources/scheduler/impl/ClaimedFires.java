package dev.eventhub.sources.scheduler.impl;

import dev.eventhub.api.spi.PluginStorage;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fires a scheduler claimed (their occurrence written into the schedule as {@code lastFireAt}) but
 * whose execution record was never stored: the node crashed between the two writes, or, in a cluster, the
 * leader was fenced between them. Such a fire never ran (the record comes before the action), so the next
 * start runs it, with the id derived from its occurrence: the log records its events once, and a call out
 * carries the same {@code Idempotency-Key} as any attempt before. A fire recorded but still "running" (its
 * node stopped before the action ended) has its {@code schedule-executed} announced again, under the same id.
 */
final class ClaimedFires {
  private static final Logger LOG = LoggerFactory.getLogger(ClaimedFires.class);

  private final PluginStorage storage;
  private final Executions executions;
  private final long history;

  ClaimedFires(PluginStorage storage, Executions executions, long history) {
    this.storage = storage;
    this.executions = executions;
    this.history = history;
  }

  /** What a claim records of its execution, for {@link #recover}. */
  static JsonObject describe(long seq, String trigger, int occurrences) {
    return new JsonObject().put("seq", seq).put("trigger", trigger).put("occurrences", occurrences);
  }

  /** Starts {@code e}'s last claimed fire again when its record is missing; otherwise does nothing. */
  Future<Void> recover(ScheduleEntry e) {
    JsonObject fire = e.lastFire;
    if (fire == null || e.lastFireAt == null) {
      return Future.succeededFuture();
    }
    long seq = fire.getLong("seq", 0L);
    // A record older than the kept history is gone because it was pruned, not because it was never stored.
    if (seq <= 0 || seq <= e.executionSeq - history) {
      return Future.succeededFuture();
    }
    String name = e.schedule.name();
    return storage.get(Executions.COLLECTION, Executions.key(name, seq)).compose(record -> {
      if (record != null) {
        // Recorded; its announcement may not have been (the node stopped right after the record): again.
        if ("running".equals(record.value().getString("state"))) {
          executions.announce(record.value());
        }
        return Future.succeededFuture();
      }
      LOG.info("schedule '" + name + "': occurrence " + e.lastFireAt + " was claimed but never recorded; "
          + "running it now");
      return executions.start(e, seq, fire.getString("trigger", "schedule"), e.lastFireAt,
          fire.getInteger("occurrences", 1), e.schedule.action(), true, Executions.fireId(e, e.lastFireAt), null)
          .<Void>mapEmpty();
    }).otherwise(err -> {
      LOG.warn("schedule '" + name + "': could not run the claimed occurrence " + e.lastFireAt + ": " + err);
      return null;
    });
  }
}
