package dev.eventhub.sources.webhook.impl;

import dev.eventhub.api.ErrorCode;
import dev.eventhub.api.EventPage;
import dev.eventhub.api.EventQuery;
import dev.eventhub.api.HubEvent;
import dev.eventhub.kit.async.Contexts;
import dev.eventhub.kit.http.Fields;
import dev.eventhub.sources.webhook.WebhookPlugin;
import io.vertx.core.Future;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Delivers one subscription's events, one at a time and in log order, at least once.
 *
 * <p>The log is the queue. The durable {@code cursor} is the last event delivered or parked; from it
 * the dispatcher catches up by reading the log, then takes live events from the event bus into a
 * bounded in-memory queue. When that queue is full it drops back to reading the log, so a slow or
 * failing target costs a bounded amount of memory however many events wait for it. The event at the
 * head is attempted until it is delivered or, after the last attempt, parked in the dead-letter
 * queue; only then does the cursor move on. Used on the plugin's context only.
 */
final class Dispatcher {
  private static final Logger LOG = Logger.getLogger(Dispatcher.class.getName());
  private static final int PAGE = 100;
  private static final long READ_RETRY_MS = 1000;

  private final Outbound out;
  private final Subscription subscription;
  private final WebhookSettings settings;
  private final StateWriter writer;
  private final ArrayDeque<HubEvent> queue = new ArrayDeque<>();
  private long queuedBytes;
  // Live: every wanted event after queuedUpTo reaches offer(). Else the log is read from queuedUpTo.
  private boolean live;
  private String cursor;
  private String queuedUpTo;
  // While catching up: the newest wanted event seen live, which the reads must reach before going live.
  private String liveSeen;
  private boolean busy;
  private boolean stopped;
  private long timer = -1;
  // The head event's failed attempts: {eventId, attempts, firstFailureAt, nextAttemptAt}; survives restarts.
  private JsonObject retry;
  // The attempt claimed before it is sent: {eventId, eventCursor, attempt, at}; null between events.
  private JsonObject claim;
  private Long failingSince;
  private int failedAttempts;
  private int parkedWhileFailing;
  private long delivered;
  private long failed;
  private long parked;
  private Long lastDeliveredAt;
  private String lastError;

  Dispatcher(Outbound out, Subscription subscription, JsonObject state) {
    this.out = out;
    this.subscription = subscription;
    this.settings = out.settings();
    this.writer = new StateWriter(out.storage(), Outbound.STATES, subscription.id());
    this.cursor = state.getString("cursor");
    this.queuedUpTo = cursor;
    this.retry = state.getJsonObject("retry");
    this.failingSince = state.getLong("failingSince");
    this.failedAttempts = state.getInteger("failedAttempts", 0);
    this.parkedWhileFailing = state.getInteger("parkedWhileFailing", 0);
  }

  Subscription subscription() {
    return subscription;
  }

  void start() {
    pump();
  }

  /** Takes a live event from the event bus. */
  void offer(HubEvent event) {
    // A paused subscription holds nothing in memory: resumed, a new dispatcher reads the log from its cursor.
    if (stopped || subscription.paused() || !subscription.wants(event)) {
      return;
    }
    if (!live) {
      if (liveSeen == null || event.cursor().compareTo(liveSeen) > 0) {
        liveSeen = event.cursor();
      }
      return;
    }
    if (queuedUpTo != null && event.cursor().compareTo(queuedUpTo) <= 0) {
      return;
    }
    int size = event.encode().length();
    if (queue.size() >= settings.maxQueuedEvents() || (!queue.isEmpty() && queuedBytes + size > settings.maxQueuedBytes())) {
      // Full: forget live events from here on and read them from the log once the queue has drained.
      live = false;
      liveSeen = event.cursor();
      return;
    }
    enqueue(event);
    queuedUpTo = event.cursor();
    pump();
  }

  /** Stops delivering; completes once the state is saved. An attempt under way is left to finish unheeded. */
  Future<Void> stop() {
    stopped = true;
    if (timer >= 0) {
      out.vertx().cancelTimer(timer);
      timer = -1;
    }
    return writer.flush();
  }

  /** The delivery state for the API. */
  JsonObject status() {
    JsonObject retrying = retry == null ? null : new JsonObject().put("eventId", retry.getString("eventId"))
        .put("attempts", retry.getInteger("attempts")).put("nextAttemptAt", Fields.time(retry.getLong("nextAttemptAt")));
    return new JsonObject().put("cursor", cursor).put("mode", subscription.paused() ? "paused"
        : live ? "live" : "catching-up")
        .put("queued", queue.size()).put("retrying", retrying)
        .put("failingSince", failingSince == null ? null : Fields.time(failingSince))
        .put("delivered", delivered).put("failed", failed).put("parked", parked)
        .put("lastDeliveredAt", lastDeliveredAt == null ? null : Fields.time(lastDeliveredAt))
        .put("lastError", lastError);
  }

  private void enqueue(HubEvent event) {
    queue.add(event);
    queuedBytes += event.encode().length();
  }

  private void pump() {
    if (stopped || busy || subscription.paused()) {
      return;
    }
    HubEvent head = queue.peek();
    if (head != null) {
      busy = true;
      deliver(head);
    } else if (!live) {
      busy = true;
      read();
    }
  }

  private void read() {
    EventQuery query = new EventQuery(subscription.filter(), queuedUpTo, Math.min(PAGE, settings.maxQueuedEvents()));
    out.history().read(query).onComplete(ar -> {
      if (stopped) {
        return;
      }
      if (ar.failed()) {
        LOG.log(Level.WARNING, "subscription " + subscription.id() + ": reading the log failed, trying again: "
            + ar.cause());
        later(READ_RETRY_MS, () -> {
          busy = false;
          pump();
        });
        return;
      }
      caughtUp(ar.result());
    });
  }

  private void caughtUp(EventPage page) {
    if (!page.complete()) {
      if (page.events().isEmpty()) {
        restartAtHead();
        return;
      }
      LOG.warning("subscription " + subscription.id() + ": its cursor " + queuedUpTo + " is older than the log's "
          + "retention; events recorded before " + page.events().get(0).cursor() + " were never delivered");
    }
    for (HubEvent event : page.events()) {
      if (!Events.excluded(event, subscription)) {
        enqueue(event);
      }
    }
    if (page.next() != null) {
      queuedUpTo = page.next();
    }
    if (!page.more() && (liveSeen == null || liveSeen.compareTo(queuedUpTo) <= 0)) {
      live = true;
      liveSeen = null;
    }
    if (queue.isEmpty() && queuedUpTo != null && !queuedUpTo.equals(cursor)) {
      advance(queuedUpTo);
    }
    busy = false;
    pump();
  }

  // The cursor is unknown to the log (the log was wiped): start again from its head.
  private void restartAtHead() {
    out.history().head().onComplete(ar -> {
      if (stopped) {
        return;
      }
      if (ar.succeeded()) {
        LOG.warning("subscription " + subscription.id() + ": the log does not know its cursor " + queuedUpTo
            + "; delivering from the head " + ar.result() + " on");
        queuedUpTo = ar.result();
        advance(queuedUpTo);
      }
      later(ar.succeeded() ? 0 : READ_RETRY_MS, () -> {
        busy = false;
        pump();
      });
    });
  }

  private void deliver(HubEvent event) {
    int failedBefore = retry != null && event.id().equals(retry.getString("eventId")) ? retry.getInteger("attempts") : 0;
    if (failedBefore == 0) {
      retry = null;
      attempt(event, 1);
      return;
    }
    // Resuming after a restart: the next attempt keeps its number and its time.
    later(retry.getLong("nextAttemptAt") - System.currentTimeMillis(), () -> attempt(event, failedBefore + 1));
  }

  // Claims the attempt in storage, then sends it: a node that cannot record the claim (in a cluster, one
  // that is no longer the leader: its writes are fenced) sends nothing.
  private void attempt(HubEvent event, int number) {
    claim = new JsonObject().put("eventId", event.id()).put("eventCursor", event.cursor()).put("attempt", number)
        .put("at", Fields.time(System.currentTimeMillis()));
    writer.saveNow(state()).onComplete(claimed -> Contexts.on(out.context(), () -> {
      if (stopped) {
        return Future.succeededFuture();
      }
      if (claimed.failed()) {
        lastError = Sender.truncate("the delivery was not attempted: its claim could not be recorded: "
            + claimed.cause().getMessage());
        LOG.warning("subscription " + subscription.id() + ": " + lastError + "; trying again later");
        later(READ_RETRY_MS, () -> attempt(event, number));
      } else {
        send(event, number);
      }
      return Future.succeededFuture();
    }));
  }

  private void send(HubEvent event, int number) {
    out.sender().send(subscription, event).onComplete(ar -> Contexts.on(out.context(), () -> {
      if (!stopped) {
        Sender.Attempt attempt = ar.result();
        if (attempt.success()) {
          delivered(event, number, attempt);
        } else {
          failed(event, number, attempt);
        }
      }
      return Future.succeededFuture();
    }));
  }

  private void delivered(HubEvent event, int number, Sender.Attempt attempt) {
    long now = System.currentTimeMillis();
    delivered++;
    lastDeliveredAt = now;
    out.events().publish(Events.WEBHOOK, "webhook-delivered", subscription.id(),
        Sender.outcome(subscription, event, attempt, number).put("resubmitted", false));
    if (number > 1) {
      retryCompleted(event, number, "delivered", null, now);
    }
    if (failingSince != null) {
      out.events().publish(Events.RECOVERY, "error-resolved", subscription.id(), identity()
          .put("failingSince", Fields.time(failingSince)).put("durationMs", now - failingSince)
          .put("failedAttempts", failedAttempts).put("parked", parkedWhileFailing));
      failingSince = null;
      failedAttempts = 0;
      parkedWhileFailing = 0;
    }
    done(event);
  }

  private void failed(HubEvent event, int number, Sender.Attempt attempt) {
    long now = System.currentTimeMillis();
    failed++;
    failedAttempts++;
    lastError = attempt.error();
    if (failingSince == null) {
      failingSince = now;
    }
    long firstFailureAt = retry != null ? retry.getLong("firstFailureAt") : now;
    if (number < settings.attempts()) {
      long delay = settings.backoffMillis(number, out.random().nextDouble());
      scheduleRetry(event, number, attempt, firstFailureAt, delay, null);
      if (number == 1) {
        out.events().publish(Events.RECOVERY, "retry-started", subscription.id(), identity()
            .put("eventId", event.id()).put("error", attempt.error()).put("maxAttempts", settings.attempts())
            .put("nextAttemptInMs", delay));
      }
      return;
    }
    if (out.dlqAddress() == null) {
      giveUp(event, number, attempt, firstFailureAt, null, "dropped", null);
      return;
    }
    out.park(subscription, event, number, firstFailureAt, attempt.error()).onComplete(ar -> Contexts.on(out.context(), () -> {
      if (stopped) {
        return Future.succeededFuture();
      }
      if (ar.succeeded()) {
        parked++;
        parkedWhileFailing++;
        giveUp(event, number, attempt, firstFailureAt, ar.result(), "parked", null);
      } else if (ar.cause() instanceof ReplyException r && r.failureCode() == ErrorCode.TOO_LARGE.httpStatus()) {
        // The queue will never take it: say so loudly and move on; the event stays in the hub's log.
        LOG.severe("subscription " + subscription.id() + ": event " + event.id() + " (cursor " + event.cursor()
            + ") failed " + number + " attempts and is too large for the dead-letter queue; it is not retried again");
        giveUp(event, number, attempt, firstFailureAt, null, "dropped", Sender.truncate(ar.cause().getMessage()));
      } else {
        // Nothing is dropped unseen: keep the event and try it (and parking it) again later.
        String parkError = Sender.truncate("could not park in the dead-letter queue at " + out.dlqAddress() + ": "
            + ar.cause().getMessage());
        LOG.warning("subscription " + subscription.id() + ": " + parkError + "; retrying the delivery later");
        scheduleRetry(event, number, attempt, firstFailureAt, settings.maxBackoff().toMillis(), parkError);
      }
      return Future.succeededFuture();
    }));
  }

  private void scheduleRetry(HubEvent event, int number, Sender.Attempt attempt, long firstFailureAt, long delay,
      String parkError) {
    retry = new JsonObject().put("eventId", event.id()).put("attempts", number).put("firstFailureAt", firstFailureAt)
        .put("nextAttemptAt", System.currentTimeMillis() + delay);
    save();
    out.events().publish(Events.WEBHOOK, "webhook-failed", subscription.id(), failure(event, number, attempt)
        .put("willRetry", true).put("nextAttemptInMs", delay).put("parked", false).put("deadLetterId", null)
        .put("parkError", parkError));
    later(delay, () -> attempt(event, number + 1));
  }

  private void giveUp(HubEvent event, int number, Sender.Attempt attempt, long firstFailureAt, String deadLetterId,
      String outcome, String parkError) {
    out.events().publish(Events.WEBHOOK, "webhook-failed", subscription.id(), failure(event, number, attempt)
        .put("willRetry", false).put("nextAttemptInMs", null).put("parked", deadLetterId != null)
        .put("deadLetterId", deadLetterId).put("parkError", parkError));
    if (number > 1) {
      retryCompleted(event, number, outcome, deadLetterId, firstFailureAt);
    }
    done(event);
  }

  private void retryCompleted(HubEvent event, int attempts, String outcome, String deadLetterId, long since) {
    long firstFailureAt = retry != null ? retry.getLong("firstFailureAt") : since;
    out.events().publish(Events.RECOVERY, "retry-completed", subscription.id(), identity()
        .put("eventId", event.id()).put("attempts", attempts).put("outcome", outcome).put("deadLetterId", deadLetterId)
        .put("durationMs", System.currentTimeMillis() - firstFailureAt));
  }

  // The head event is dealt with (delivered, parked or given up): move the cursor past it.
  private void done(HubEvent event) {
    queue.poll();
    queuedBytes -= event.encode().length();
    retry = null;
    claim = null;
    advance(queue.isEmpty() && queuedUpTo != null ? queuedUpTo : event.cursor());
    busy = false;
    pump();
  }

  private void advance(String to) {
    cursor = to;
    save();
  }

  private void save() {
    writer.save(state());
  }

  /** The durable state as last saved (or about to be): what a replacing dispatcher starts from. */
  JsonObject state() {
    return new JsonObject().put("cursor", cursor).put("retry", retry).put("failingSince", failingSince)
        .put("failedAttempts", failedAttempts).put("parkedWhileFailing", parkedWhileFailing).put("claim", claim);
  }

  private void later(long delayMs, Runnable action) {
    if (delayMs <= 0) {
      action.run();
      return;
    }
    timer = out.vertx().setTimer(delayMs, id -> {
      timer = -1;
      if (!stopped) {
        action.run();
      }
    });
  }

  private JsonObject identity() {
    return new JsonObject().put("source", WebhookPlugin.NAME).put("subscription", subscription.id())
        .put("target", subscription.target());
  }

  private JsonObject failure(HubEvent event, int number, Sender.Attempt attempt) {
    return Sender.outcome(subscription, event, attempt, number).put("error", attempt.error())
        .put("maxAttempts", settings.attempts()).put("resubmitted", false);
  }
}
