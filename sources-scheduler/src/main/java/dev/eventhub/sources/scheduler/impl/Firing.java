package dev.eventhub.sources.scheduler.impl;

import dev.eventhub.api.spi.ListOptions;
import dev.eventhub.api.spi.PluginStorage;
import dev.eventhub.api.spi.StoredDocument;
import dev.eventhub.kit.http.Fields;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The schedules' timers and their firing (the {@link Scheduler}'s other half, which changes schedules
 * through the API). Used on the plugin's context only, where the schedules live.
 *
 * <p>Firing claims the occurrence first: the schedule's document is rewritten (with the version it
 * was read at) holding the occurrence as {@code lastFireAt}, and only then does the action run. See
 * {@link Scheduler} for what that guarantees.
 */
final class Firing {
  private static final Logger LOG = LoggerFactory.getLogger(Firing.class);
  private static final int LOAD_PAGE = 1000;
  private static final long RETRY_CLAIM_MS = 1000;

  private final Map<String, ScheduleEntry> schedules;
  private final PluginStorage storage;
  private final Executions executions;
  private final SchedulerSettings settings;
  private final Clock clock;
  private final TimerWheel wheel;

  Firing(Vertx vertx, Map<String, ScheduleEntry> schedules, PluginStorage storage, Executions executions,
      SchedulerSettings settings, Clock clock) {
    this.schedules = schedules;
    this.storage = storage;
    this.executions = executions;
    this.settings = settings;
    this.clock = clock;
    this.wheel = new TimerWheel(vertx, clock, this::onDue);
  }

  /**
   * Loads every schedule, arms the timer, and deals with the occurrences missed while the hub was
   * down (claimed and started, or skipped, per schedule) before completing.
   */
  Future<Void> start() {
    return loadAfter(null).compose(v -> recoverClaimedFires()).compose(v -> {
      List<TimerWheel.Due> dues = new ArrayList<>();
      for (ScheduleEntry e : schedules.values()) {
        Instant next = e.computeNext();
        e.nextFireAt = next;
        if (next != null) {
          dues.add(new TimerWheel.Due(next.toEpochMilli(), e.schedule.name(), e.generation));
        }
      }
      wheel.addAll(dues);
      List<Future<Void>> overdue = new ArrayList<>();
      for (TimerWheel.Due due : wheel.takeDue()) {
        overdue.add(fireDue(due));
      }
      LOG.info("scheduler ready: " + schedules.size() + " schedule(s), " + overdue.size() + " due or missed at start");
      return Future.join(overdue).otherwiseEmpty().mapEmpty();
    });
  }

  // Fires whose claim was written but whose execution record was not (a crash, or a cluster leader fenced in
  // between): started again, with the same execution id, before anything new fires.
  private Future<Void> recoverClaimedFires() {
    ClaimedFires claimed = new ClaimedFires(storage, executions, settings.executionHistory());
    List<Future<Void>> recovered = new ArrayList<>();
    for (ScheduleEntry e : schedules.values()) {
      recovered.add(SerialWork.after(e, () -> claimed.recover(e)));
    }
    return Future.join(recovered).otherwiseEmpty().mapEmpty();
  }

  private Future<Void> loadAfter(String after) {
    ListOptions page = after == null ? ListOptions.first(LOAD_PAGE) : ListOptions.first(LOAD_PAGE).after(after);
    return storage.list(ScheduleEntry.COLLECTION, page).compose(docs -> {
      for (StoredDocument doc : docs) {
        try {
          schedules.put(doc.key(), ScheduleEntry.fromDocument(doc, settings.defaultMisfire()));
        } catch (RuntimeException e) {
          LOG.error("schedule '" + doc.key() + "' is unreadable and will not fire until it is deleted "
              + "or replaced: " + e.getMessage() + "; stored as " + ScheduleEntry.redacted(doc.value()));
        }
      }
      return docs.size() < LOAD_PAGE ? Future.succeededFuture() : loadAfter(docs.get(docs.size() - 1).key());
    });
  }

  void stop() {
    wheel.close();
  }

  private void onDue(List<TimerWheel.Due> due) {
    due.forEach(this::fireDue);
  }

  private Future<Void> fireDue(TimerWheel.Due due) {
    ScheduleEntry e = schedules.get(due.name());
    if (e == null || e.generation != due.generation()) {
      return Future.succeededFuture();
    }
    return SerialWork.after(e, () -> fire(e, due));
  }

  private Future<Void> fire(ScheduleEntry e, TimerWheel.Due due) {
    Instant first = e.nextFireAt;
    if (e.deleted || e.generation != due.generation() || e.schedule.paused() || first == null) {
      return Future.succeededFuture();
    }
    Instant now = clock.instant();
    if (first.isAfter(now)) {
      wheel.add(new TimerWheel.Due(first.toEpochMilli(), e.schedule.name(), e.generation));
      return Future.succeededFuture();
    }
    Trigger.Catchup catchup = e.schedule.trigger().catchUp(first, now, e.anchorAt);
    boolean missed = Duration.between(first, now).compareTo(settings.misfireThreshold()) > 0;
    if (missed && Misfire.SKIP.equals(e.schedule.misfire())) {
      LOG.info("schedule '" + e.schedule.name() + "' skipped " + catchup.count() + " missed occurrence(s) from "
          + first + " to " + catchup.latest() + " (misfire policy skip)");
      e.skippedUntil = catchup.latest();
      rearm(e);
      return Future.succeededFuture();
    }
    long seq = e.executionSeq + 1;
    String trigger = missed ? "misfire" : "schedule";
    JsonObject fire = ClaimedFires.describe(seq, trigger, catchup.count());
    JsonObject doc = e.toDocument().put("lastFireAt", Fields.time(catchup.latest())).put("executionSeq", seq)
        .put("lastFire", fire);
    return storage.replace(ScheduleEntry.COLLECTION, e.schedule.name(), e.version, doc).compose(stored -> {
      e.version = stored.version();
      e.lastFireAt = catchup.latest();
      e.executionSeq = seq;
      e.lastFire = fire;
      rearm(e);
      return executions.start(e, seq, trigger, catchup.latest(), catchup.count(),
          e.schedule.action(), true, Executions.fireId(e, catchup.latest()), null).<Void>mapEmpty();
    }, err -> {
      // Not claimed, so not fired: try the same occurrence again shortly.
      LOG.warn("could not claim occurrence " + first + " of schedule '" + e.schedule.name()
          + "', retrying in " + RETRY_CLAIM_MS + "ms: " + err);
      return reload(e).onComplete(ar -> {
        e.generation++;
        wheel.add(new TimerWheel.Due(clock.millis() + RETRY_CLAIM_MS, e.schedule.name(), e.generation));
      }).otherwiseEmpty().mapEmpty();
    });
  }

  // After a failed write, the stored version is the truth.
  private Future<Void> reload(ScheduleEntry e) {
    return storage.get(ScheduleEntry.COLLECTION, e.schedule.name()).map(doc -> {
      if (doc != null) {
        e.version = doc.version();
      }
      return null;
    });
  }

  /** Arms the schedule's next occurrence (none once deleted); the ones armed before are void. */
  void rearm(ScheduleEntry e) {
    e.generation++;
    e.nextFireAt = e.deleted ? null : e.computeNext();
    if (e.nextFireAt != null) {
      wheel.add(new TimerWheel.Due(e.nextFireAt.toEpochMilli(), e.schedule.name(), e.generation));
    }
    wheel.compactIfNeeded(schedules.size(), d -> {
      ScheduleEntry live = schedules.get(d.name());
      return live != null && live.generation == d.generation();
    });
  }

  /** Vert.x timers held. */
  int timers() {
    return wheel.timers();
  }

  /** Fire times queued. */
  int queued() {
    return wheel.size();
  }
}
