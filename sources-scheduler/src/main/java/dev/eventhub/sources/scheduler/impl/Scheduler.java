package dev.eventhub.sources.scheduler.impl;

import dev.eventhub.api.HubException;
import dev.eventhub.api.HubPrincipal;
import dev.eventhub.api.spi.PluginStorage;
import dev.eventhub.kit.async.Contexts;
import dev.eventhub.kit.auth.Grant;
import dev.eventhub.kit.http.Fields;
import dev.eventhub.kit.http.OutboundGuard;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The schedules and the API's operations on them ({@link Firing} holds their timers and fires them).
 * Every public method may be called from any thread; the work runs on the plugin's context, where all
 * state lives, and the changes of one schedule (firing included) run one after another.
 *
 * <p>Firing claims the occurrence first: the schedule's document is rewritten (with the version it
 * was read at) holding the occurrence as {@code lastFireAt}, and only then does the action run. A
 * restart looks for the next occurrence after {@code lastFireAt}, so no occurrence fires twice. The
 * execution's record, stored next, is what lets its action run; a fire claimed but whose record was never
 * stored (a crash, or a cluster leader fenced in between) is started again at the next start, with the
 * same execution id ({@link ClaimedFires}). One whose action was cut short after its record was stored
 * does not run again (at most once).
 */
public final class Scheduler {
  private static final java.util.regex.Pattern IDEMPOTENCY_KEY = java.util.regex.Pattern.compile("[A-Za-z0-9-]{1,128}");

  /** A page of schedules. */
  public record Page(List<JsonObject> schedules, String next, boolean more) {}

  private final Context context;
  private final PluginStorage storage;
  private final Executions executions;
  private final SchedulerSettings settings;
  private final Clock clock;
  private final OutboundGuard guard;
  private final TreeMap<String, ScheduleEntry> schedules = new TreeMap<>();
  private final Set<String> creating = new HashSet<>();
  private final Firing firing;

  Scheduler(Vertx vertx, Context context, PluginStorage storage, Executions executions, SchedulerSettings settings,
      Clock clock, OutboundGuard guard) {
    this.context = context;
    this.guard = guard;
    this.storage = storage;
    this.executions = executions;
    this.settings = settings;
    this.clock = clock;
    this.firing = new Firing(vertx, schedules, storage, executions, settings, clock);
  }

  /**
   * Loads every schedule, arms the timer, and deals with the occurrences missed while the hub was
   * down (claimed and started, or skipped, per schedule) before completing.
   */
  public Future<Void> start() {
    return onContext(firing::start);
  }

  /** Cancels the timer; executions under way finish on their own. */
  public void stop() {
    firing.stop();
  }

  // ---- the API's operations

  /**
   * Creates a schedule owned by {@code caller}; {@code conflict} for a duplicate name, {@code
   * forbidden} for an action the caller's token may not do. Completes with the schedule.
   */
  public Future<JsonObject> create(Object body, HubPrincipal caller) {
    return onContext(() -> {
      Schedule s = Schedule.parse(body, null, settings.minInterval(), settings.defaultMisfire());
      Delegation.authorize(caller, s.action());
      checkTarget(s);
      String name = s.name();
      if (schedules.containsKey(name) || creating.contains(name)) {
        throw HubException.conflict("a schedule named '" + name + "' already exists");
      }
      if (schedules.size() + creating.size() >= settings.maxSchedules()) {
        throw HubException.conflict("the scheduler holds its maximum of " + settings.maxSchedules()
            + " schedules (setting plugins.scheduler.maxSchedules)");
      }
      Instant now = clock.instant();
      ScheduleEntry e = new ScheduleEntry();
      e.schedule = s;
      e.owner = Grant.of(caller);
      e.createdAt = now;
      e.updatedAt = now;
      e.anchorAt = now;
      e.activeSince = now;
      creating.add(name);
      return storage.insert(ScheduleEntry.COLLECTION, name, e.toDocument())
          .andThen(ar -> creating.remove(name))
          .map(stored -> {
            e.version = stored.version();
            schedules.put(name, e);
            firing.rearm(e);
            executions.publish("schedule-created", name, e.toJson());
            return e.toJson();
          });
    });
  }

  // An HTTP action to an address that is refused whatever DNS says is refused when it is defined.
  private void checkTarget(Schedule s) {
    if (s.action() instanceof HttpAction http) {
      guard.checkTarget("action.url", URI.create(http.url()));
    }
  }

  /**
   * Replaces a schedule's definition (PUT); the name stays, and {@code caller} becomes its owner:
   * its firings may do what the caller's token allows, no more.
   */
  public Future<JsonObject> update(String name, Object body, HubPrincipal caller) {
    return onContext(() -> {
      Schedule s = Schedule.parse(body, name, settings.minInterval(), settings.defaultMisfire());
      Delegation.authorize(caller, s.action());
      checkTarget(s);
      Grant owner = Grant.of(caller);
      return change(name, e -> {
        Instant now = clock.instant();
        boolean newTrigger = !s.trigger().toJson().equals(e.schedule.trigger().toJson());
        boolean resumed = e.schedule.paused() && !s.paused();
        return write(e, s, owner, now, newTrigger ? now : e.anchorAt, newTrigger || resumed ? now : e.activeSince,
            "updated");
      });
    });
  }

  /** Pauses an active schedule; {@code conflict} when it is paused already. */
  public Future<JsonObject> pause(String name) {
    return onContext(() -> change(name, e -> {
      if (e.schedule.paused()) {
        throw HubException.conflict("schedule '" + name + "' is already paused");
      }
      return write(e, e.schedule.withPaused(true), e.owner, clock.instant(), e.anchorAt, e.activeSince, "paused");
    }));
  }

  /**
   * Resumes a paused schedule: it fires from the next occurrence after now; the occurrences it
   * passed while paused do not fire.
   */
  public Future<JsonObject> resume(String name) {
    return onContext(() -> change(name, e -> {
      if (!e.schedule.paused()) {
        throw HubException.conflict("schedule '" + name + "' is not paused");
      }
      Instant now = clock.instant();
      return write(e, e.schedule.withPaused(false), e.owner, now, e.anchorAt, now, "resumed");
    }));
  }

  private Future<JsonObject> write(ScheduleEntry e, Schedule s, Grant owner, Instant now, Instant anchorAt,
      Instant activeSince, String change) {
    ScheduleEntry next = new ScheduleEntry();
    next.schedule = s;
    next.owner = owner;
    next.createdAt = e.createdAt;
    next.updatedAt = now;
    next.anchorAt = anchorAt;
    next.activeSince = activeSince;
    next.lastFireAt = e.lastFireAt;
    next.executionSeq = e.executionSeq;
    next.lastFire = e.lastFire;
    return storage.replace(ScheduleEntry.COLLECTION, s.name(), e.version, next.toDocument()).map(stored -> {
      e.version = stored.version();
      e.schedule = s;
      e.owner = owner;
      e.updatedAt = now;
      e.anchorAt = anchorAt;
      e.activeSince = activeSince;
      firing.rearm(e);
      executions.publish("schedule-updated", s.name(), e.toJson().put("change", change));
      return e.toJson();
    });
  }

  /** Deletes a schedule and its execution records. */
  public Future<Void> delete(String name) {
    return onContext(() -> change(name, e -> storage.delete(ScheduleEntry.COLLECTION, name).compose(deleted -> {
      e.deleted = true;
      schedules.remove(name);
      firing.rearm(e);
      executions.publish("schedule-deleted", name, new JsonObject().put("name", name));
      return executions.deleteAll(name).otherwiseEmpty().<Void>mapEmpty();
    })));
  }

  /** Runs a schedule's action now, active or paused; the occurrences are untouched. Completes with the execution. */
  public Future<JsonObject> runNow(String name) {
    return onContext(() -> change(name, e -> claimSequence(e)
        .compose(seq -> executions.start(e, seq, "manual", null, 0, e.schedule.action(), true, null, null))
        .map(Executions.Started::record)));
  }

  /**
   * Runs again the HTTP action of a schedule whose call the dead-letter queue sends back: once,
   * without retries or parking, recorded as an execution. The action run is the schedule's own, as
   * stored (the dead letter shows it with its credentials masked, and is not trusted to say what to
   * call); {@code not_found} when the schedule is gone, {@code conflict} when its action is no longer
   * an HTTP call. Completes with the outcome.
   */
  public Future<ActionRunner.Outcome> resubmitted(Object body) {
    return onContext(() -> {
      if (!(body instanceof JsonObject payload)) {
        throw HubException.badRequest("a resubmission is a JSON object {schedule, executionId, action}");
      }
      String name = Fields.string(payload, "schedule", "schedule", true, 128);
      ScheduleEntry e = existing(name);
      return SerialWork.after(e, () -> {
        if (e.deleted) {
          throw HubException.notFound("no schedule named '" + name + "'");
        }
        if (!(e.schedule.action() instanceof HttpAction action)) {
          throw HubException.conflict("schedule '" + name + "' no longer calls an HTTP endpoint: resolve the entry");
        }
        // Another attempt of the parked call: the same idempotency key as the attempts before it.
        String key = idempotencyKey(payload.getValue("executionId"));
        return claimSequence(e).compose(seq -> executions.start(e, seq, "resubmit", null, 0, action, false, null, key));
      }).compose(Executions.Started::outcome);
    });
  }

  // The parked execution's id, when it can be an idempotency key (the entry is data: it is checked).
  private static String idempotencyKey(Object executionId) {
    return executionId instanceof String s && IDEMPOTENCY_KEY.matcher(s).matches() ? s : null;
  }

  private Future<Long> claimSequence(ScheduleEntry e) {
    long seq = e.executionSeq + 1;
    return storage.replace(ScheduleEntry.COLLECTION, e.schedule.name(), e.version,
        e.toDocument().put("executionSeq", seq)).map(stored -> {
          e.version = stored.version();
          e.executionSeq = seq;
          return seq;
        });
  }

  /** A schedule with its next {@code count} fire times. */
  public Future<JsonObject> get(String name, int count) {
    return onContext(() -> {
      ScheduleEntry e = existing(name);
      JsonArray times = new JsonArray();
      Instant t = e.nextFireAt;
      while (t != null && times.size() < count) {
        times.add(Fields.time(t));
        t = e.schedule.trigger().next(t, e.anchorAt);
      }
      return Future.succeededFuture(e.toJson().put("nextFireTimes", times));
    });
  }

  /** Schedules in name order, optionally of one state, after a name. */
  public Future<Page> list(String state, String after, int limit) {
    return onContext(() -> {
      List<JsonObject> out = new ArrayList<>();
      var view = after == null ? schedules : schedules.tailMap(after, false);
      boolean more = false;
      for (ScheduleEntry e : view.values()) {
        if (state == null || state.equals(e.schedule.state())) {
          if (out.size() == limit) {
            more = true;
            break;
          }
          out.add(e.toJson());
        }
      }
      String next = out.isEmpty() ? after : out.get(out.size() - 1).getString("name");
      return Future.succeededFuture(new Page(out, next, more));
    });
  }

  /** The most recent executions of a schedule, newest first. */
  public Future<List<JsonObject>> executions(String name, int limit) {
    return onContext(() -> {
      existing(name);
      return executions.recent(name, limit);
    });
  }

  /** Figures: schedules by state, Vert.x timers held, queued fire times, executions running. */
  public Future<JsonObject> stats() {
    return onContext(() -> {
      long paused = schedules.values().stream().filter(e -> e.schedule.paused()).count();
      return Future.succeededFuture(new JsonObject()
          .put("schedules", schedules.size())
          .put("active", schedules.size() - paused)
          .put("paused", paused)
          .put("timers", firing.timers())
          .put("queued", firing.queued())
          .put("runningExecutions", executions.running()));
    });
  }

  // ---- plumbing

  private ScheduleEntry existing(String name) {
    ScheduleEntry e = schedules.get(name);
    if (e == null) {
      throw HubException.notFound("no schedule named '" + name + "'");
    }
    return e;
  }

  private <T> Future<T> change(String name, java.util.function.Function<ScheduleEntry, Future<T>> work) {
    ScheduleEntry e = existing(name);
    return SerialWork.after(e, () -> {
      if (e.deleted) {
        throw HubException.notFound("no schedule named '" + name + "'");
      }
      return work.apply(e);
    });
  }

  // All state lives on the plugin's context: calls from the HTTP server's threads hop over.
  private <T> Future<T> onContext(Supplier<Future<T>> work) {
    return Contexts.on(context, () -> SerialWork.run(work));
  }
}
