package dev.eventhub.sources.scheduler.impl;

import dev.eventhub.api.EventDraft;
import dev.eventhub.api.EventPublisher;
import dev.eventhub.api.spi.ListOptions;
import dev.eventhub.api.spi.PluginStorage;
import dev.eventhub.api.spi.StoredDocument;
import dev.eventhub.kit.http.Fields;
import dev.eventhub.sources.scheduler.SchedulerPlugin;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The executions of schedules: their records (the last {@code executionHistory} per schedule, keyed
 * {@code <name>/<sequence>}), their events, and running their actions. Used on the plugin's context.
 */
final class Executions {
  static final String COLLECTION = "executions";
  private static final Logger LOG = LoggerFactory.getLogger(Executions.class);

  /** An execution under way: its record as first stored, and how it will end. */
  record Started(JsonObject record, Future<ActionRunner.Outcome> outcome) {}

  private final PluginStorage storage;
  private final EventPublisher publisher;
  private final ActionRunner runner;
  private final SchedulerSettings settings;
  private final Clock clock;
  private final Instant startedAt;
  private int running;

  Executions(PluginStorage storage, EventPublisher publisher, ActionRunner runner, SchedulerSettings settings,
      Clock clock) {
    this.storage = storage;
    this.publisher = publisher;
    this.runner = runner;
    this.settings = settings;
    this.clock = clock;
    this.startedAt = clock.instant();
  }

  static String key(String schedule, long seq) {
    return schedule + "/" + String.format("%012d", seq);
  }

  /**
   * The id of the execution that fires {@code occurrence} of {@code e}: derived from the schedule
   * (its name and creation time, so a schedule created again under the same name starts afresh) and
   * the occurrence's due time, never from when it actually fired. Two nodes that both fire one
   * occurrence (a leader paused past its session, and the one after it) give it the same id, so its
   * events are recorded once and its HTTP call carries the same idempotency key.
   */
  static String fireId(ScheduleEntry e, Instant occurrence) {
    String source = e.schedule.name() + "\n" + Fields.time(e.createdAt) + "\n" + Fields.time(occurrence);
    return UUID.nameUUIDFromBytes(source.getBytes(StandardCharsets.UTF_8)).toString();
  }

  /**
   * Records, announces and runs execution {@code seq} of {@code e}, whose sequence number is already
   * claimed in the schedule's document. The record is the execution's claim: it is stored before the
   * action runs, and when it cannot be (a node that is no longer the cluster's leader) nothing runs and
   * the start fails. Completes once the record is stored and {@code schedule-executed} is submitted;
   * the action goes on after that.
   *
   * @param trigger {@code schedule}, {@code misfire}, {@code manual} or {@code resubmit}
   * @param occurrence the occurrence fired, or null for manual runs and resubmissions
   * @param occurrences how many occurrences this fire stands for (more than 1 after a catch-up)
   * @param action the action to run: the schedule's, or a resubmitted one
   * @param retry whether an HTTP action retries and parks (not for resubmissions)
   * @param executionId the execution's id ({@link #fireId} for a fire), or null for a new random one
   * @param idempotencyKey what an HTTP call sends as {@code Idempotency-Key}, or null for the execution's id
   */
  Future<Started> start(ScheduleEntry e, long seq, String trigger, Instant occurrence, int occurrences,
      Action action, boolean retry, String executionId, String idempotencyKey) {
    String name = e.schedule.name();
    String key = key(name, seq);
    Instant now = clock.instant();
    String id = executionId != null ? executionId : UUID.randomUUID().toString();
    JsonObject record = new JsonObject()
        .put("executionId", id)
        .put("schedule", name)
        .put("sequence", seq)
        .put("trigger", trigger)
        .put("occurrence", Fields.time(occurrence))
        .put("occurrences", occurrences)
        .put("action", action.type())
        .put("startedAt", Fields.time(now))
        .put("state", "running");
    return storage.put(COLLECTION, key, record)
        .onFailure(err -> LOG.warn("schedule '" + name + "': execution " + key
            + " not run, it could not be recorded: " + err))
        .map(stored -> {
          running++;
          announce(record);
          if (seq > settings.executionHistory()) {
            storage.delete(COLLECTION, key(name, seq - settings.executionHistory()));
          }
          // The owner's recorded scopes, not the stored action, say what may run (a record edited behind the
          // API's back, or one from before owners were recorded, runs nothing).
          String denied = Delegation.denial(e.owner, action);
          Future<ActionRunner.Outcome> outcome = (denied == null
              ? runner.run(action, name, id, idempotencyKey != null ? idempotencyKey : id, retry)
              : Future.succeededFuture(new ActionRunner.Outcome(false, null, null, denied, 0, null, null)))
              .onComplete(ar -> finish(e, key, record, ar.result(), now));
          if (denied != null) {
            LOG.warn("schedule '" + name + "', execution " + id + ": " + denied);
          }
          return new Started(record.copy(), outcome);
        });
  }

  /**
   * Publishes {@code schedule-executed} for a stored execution record. Its id comes from the execution's, so
   * announcing one again (a fire whose announcement a crash or a fencing may have cut off) records it once.
   */
  void announce(JsonObject record) {
    String id = record.getString("executionId");
    String name = record.getString("schedule");
    publish("schedule-executed", name, new JsonObject().put("executionId", id).put("schedule", name)
        .put("trigger", record.getString("trigger")).put("occurrence", record.getString("occurrence"))
        .put("occurrences", record.getInteger("occurrences")).put("firedAt", record.getString("startedAt"))
        .put("action", record.getString("action")), eventId(id, "executed"));
  }

  // The id of one of an execution's own events: the same wherever (and however often) the execution runs.
  private static String eventId(String executionId, String what) {
    return "scheduler-" + executionId + "-" + what;
  }

  private void finish(ScheduleEntry e, String key, JsonObject record, ActionRunner.Outcome outcome, Instant started) {
    running--;
    Instant now = clock.instant();
    long duration = now.toEpochMilli() - started.toEpochMilli();
    record.put("state", outcome.success() ? "succeeded" : "failed")
        .put("finishedAt", Fields.time(now))
        .put("durationMs", duration)
        .mergeIn(outcome.toJson());
    if (!e.deleted) {
      // A deleted schedule's executions are gone with it; only the event tells how this one ended.
      storage.put(COLLECTION, key, record)
          .onFailure(err -> LOG.warn("could not store the outcome of execution " + key + ": " + err));
    }
    String name = record.getString("schedule");
    String id = record.getString("executionId");
    publish("execution-completed", name, new JsonObject().put("executionId", id)
        .put("schedule", name).put("durationMs", duration).mergeIn(outcome.toJson()), eventId(id, "completed"));
  }

  /** The most recent executions of a schedule, newest first. */
  Future<List<JsonObject>> recent(String schedule, int limit) {
    return storage.list(COLLECTION, ListOptions.prefix(schedule + "/", limit).reversed())
        .map(docs -> docs.stream().map(this::view).toList());
  }

  // An execution still "running" from before this start was cut short by a stop or a crash.
  private JsonObject view(StoredDocument doc) {
    JsonObject record = doc.value();
    if ("running".equals(record.getString("state"))
        && Instant.parse(record.getString("startedAt")).isBefore(startedAt)) {
      record.put("state", "interrupted");
    }
    return record;
  }

  /** Deletes every execution record of a schedule. */
  Future<Integer> deleteAll(String schedule) {
    return storage.list(COLLECTION, ListOptions.prefix(schedule + "/", ListOptions.MAX_LIMIT))
        .compose(docs -> storage.deleteAll(COLLECTION, docs.stream().map(StoredDocument::key).toList()));
  }


  int running() {
    return running;
  }

  void publish(String type, String schedule, JsonObject data) {
    publish(type, schedule, data, null);
  }

  private void publish(String type, String schedule, JsonObject data, String id) {
    Object execution = data.getValue("executionId");
    publisher.publish(new EventDraft(id, SchedulerPlugin.CATEGORY, type, schedule, data)
            .withOptionalAttribute("schedule_id", schedule)
            .withOptionalAttribute("execution_id", execution instanceof String s ? s : null))
        .onFailure(err -> LOG.warn("could not publish " + type + " of schedule " + schedule + ": " + err));
  }
}
