package dev.eventhub.sources.webhook.impl;

import dev.eventhub.api.ErrorCode;
import dev.eventhub.api.EventPage;
import dev.eventhub.api.EventQuery;
import dev.eventhub.api.HubEvent;
import dev.eventhub.kit.async.Contexts;
import dev.eventhub.kit.http.Fields;
import io.vertx.core.Future;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers one subscription's events at least once, in log order per key, up to {@code
 * delivery.parallelKeys} keys at a time: a slow or failing key holds back its own later events only.
 *
 * <p>The log is the queue. The durable {@code cursor} is the last event delivered or parked; from it
 * the dispatcher catches up by reading the log, then takes live events from the event bus into a
 * bounded in-memory queue. When that queue is full it drops back to reading the log, so a slow or
 * failing target costs a bounded amount of memory however many events wait for it. The event at the
 * head is attempted until it is delivered or, after the last attempt, parked in the dead-letter
 * queue; only then does the cursor move on. Used on the plugin's context only.
 */
final class Dispatcher {
  private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
  private static final int PAGE = 100;
  private static final long READ_RETRY_MS = 1000;

  private final Outbound out;
  private final Subscription subscription;
  private final WebhookSettings settings;
  private final StateWriter writer;
  private final KeyedQueue queue = new KeyedQueue();
  // Live: every wanted event after queuedUpTo reaches offer(). Else the log is read from queuedUpTo.
  private boolean live;
  private String cursor;
  private String queuedUpTo;
  // While catching up: the newest wanted event seen live, which the reads must reach before going live.
  private String liveSeen;
  private boolean reading;
  private boolean stopped;
  private final OwnTimers timers;
  // The failed attempts of events in flight, by event id: {eventId, attempts, firstFailureAt, nextAttemptAt}.
  private final JsonObject retries = new JsonObject();
  // The attempts claimed before they are sent, by key: {eventId, eventCursor, key, attempt, at}.
  private final JsonObject claims = new JsonObject();
  // The last attempt claimed.
  private JsonObject claim;
  private final Recovery recovery;
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
    this.timers = new OwnTimers(out.vertx());
    this.cursor = state.getString("cursor");
    this.queuedUpTo = cursor;
    JsonObject saved = state.getJsonObject("retries", new JsonObject());
    saved.forEach(e -> retries.put(e.getKey(), e.getValue()));
    if (state.getValue("retry") instanceof JsonObject old && old.getString("eventId") != null) {
      // A state saved before deliveries ran per key.
      retries.put(old.getString("eventId"), old);
    }
    this.recovery = new Recovery(out.events(), subscription, state);
  }

  Subscription subscription() {
    return subscription;
  }

  void start() {
    // Issue 24: before the log is read from the cursor, so that every event recorded later goes on the bus.
    subscription.filter().categories().forEach(out.interest()::want);
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
    if (queue.size() >= settings.maxQueuedEvents()
        || (!queue.isEmpty() && queue.bytes() + size > settings.maxQueuedBytes())) {
      // Full: forget live events from here on and read them from the log once the queue has drained.
      live = false;
      liveSeen = event.cursor();
      return;
    }
    queue.add(event);
    queuedUpTo = event.cursor();
    pump();
  }

  /** Stops delivering; completes once the state is saved. An attempt under way is left to finish unheeded. */
  Future<Void> stop() {
    if (!stopped) {
      subscription.filter().categories().forEach(out.interest()::unwant);
    }
    stopped = true;
    timers.cancelAll();
    return writer.flush();
  }

  /** The delivery state for the API. */
  JsonObject status() {
    JsonObject retry = retries.isEmpty() ? null : retries.getJsonObject(retries.fieldNames().iterator().next());
    JsonObject retrying = retry == null ? null : new JsonObject().put("eventId", retry.getString("eventId"))
        .put("attempts", retry.getInteger("attempts")).put("nextAttemptAt", Fields.time(retry.getLong("nextAttemptAt")));
    return new JsonObject().put("cursor", cursor).put("mode", subscription.paused() ? "paused"
        : live ? "live" : "catching-up")
        .put("queued", queue.size()).put("inFlight", queue.inFlight()).put("retrying", retrying)
        .put("failingSince", recovery.failingSince() == null ? null : Fields.time(recovery.failingSince()))
        .put("delivered", delivered).put("failed", failed).put("parked", parked)
        .put("lastDeliveredAt", lastDeliveredAt == null ? null : Fields.time(lastDeliveredAt))
        .put("lastError", lastError);
  }

  private void pump() {
    if (stopped || subscription.paused()) {
      return;
    }
    for (KeyedQueue.Entry entry : queue.startable(settings.parallelKeys())) {
      deliver(entry);
    }
    if (!live && !reading && queue.size() < settings.maxQueuedEvents()) {
      reading = true;
      read();
    }
  }

  private void read() {
    EventQuery query = new EventQuery(subscription.filter(), queuedUpTo,
        Math.min(PAGE, settings.maxQueuedEvents() - queue.size()));
    out.history().read(query).onComplete(ar -> {
      if (stopped) {
        return;
      }
      if (ar.failed()) {
        LOG.warn("subscription " + subscription.id() + ": reading the log failed, trying again: "
            + ar.cause());
        timers.later(READ_RETRY_MS, () -> {
          reading = false;
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
      LOG.warn("subscription " + subscription.id() + ": its cursor " + queuedUpTo + " is older than the log's "
          + "retention; events recorded before " + page.events().get(0).cursor() + " were never delivered");
    }
    for (HubEvent event : page.events()) {
      if (!Events.excluded(event, subscription)) {
        queue.add(event);
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
    reading = false;
    pump();
  }

  // The cursor is unknown to the log (the log was wiped): start again from its head.
  private void restartAtHead() {
    out.history().head().onComplete(ar -> {
      if (stopped) {
        return;
      }
      if (ar.succeeded()) {
        LOG.warn("subscription " + subscription.id() + ": the log does not know its cursor " + queuedUpTo
            + "; delivering from the head " + ar.result() + " on");
        queuedUpTo = ar.result();
        // Events still in flight keep the cursor where it is; it moves on once they are dealt with.
        if (queue.isEmpty()) {
          advance(queuedUpTo);
        }
      }
      timers.later(ar.succeeded() ? 0 : READ_RETRY_MS, () -> {
        reading = false;
        pump();
      });
    });
  }

  private void deliver(KeyedQueue.Entry entry) {
    JsonObject retry = retries.getJsonObject(entry.event.id());
    int failedBefore = retry == null ? 0 : retry.getInteger("attempts");
    if (failedBefore == 0) {
      attempt(entry, 1);
      return;
    }
    // Resuming after a restart: the next attempt keeps its number and its time.
    timers.later(retry.getLong("nextAttemptAt") - System.currentTimeMillis(), () -> attempt(entry, failedBefore + 1));
  }

  // Claims the attempt in storage, then sends it: a node that cannot record the claim (in a cluster, one
  // that is no longer the leader: its writes are fenced) sends nothing.
  private void attempt(KeyedQueue.Entry entry, int number) {
    HubEvent event = entry.event;
    claim = new JsonObject().put("eventId", event.id()).put("eventCursor", event.cursor()).put("key", event.key())
        .put("attempt", number).put("at", Fields.time(System.currentTimeMillis()));
    claims.put(entry.lane, claim);
    writer.saveNow(state()).onComplete(claimed -> Contexts.on(out.context(), () -> {
      if (stopped) {
        return Future.succeededFuture();
      }
      if (claimed.failed()) {
        lastError = Sender.truncate("the delivery was not attempted: its claim could not be recorded: "
            + claimed.cause().getMessage());
        LOG.warn("subscription " + subscription.id() + ": " + lastError + "; trying again later");
        timers.later(READ_RETRY_MS, () -> attempt(entry, number));
      } else {
        send(entry, number);
      }
      return Future.succeededFuture();
    }));
  }

  private void send(KeyedQueue.Entry entry, int number) {
    HubEvent event = entry.event;
    out.sender().send(subscription, event).onComplete(ar -> Contexts.on(out.context(), () -> {
      if (!stopped) {
        Sender.Attempt attempt = ar.result();
        out.attempts(subscription.id()).add(event, number, false, attempt);
        if (attempt.success()) {
          delivered(entry, number, attempt);
        } else {
          failed(entry, number, attempt);
        }
      }
      return Future.succeededFuture();
    }));
  }

  private void delivered(KeyedQueue.Entry entry, int number, Sender.Attempt attempt) {
    HubEvent event = entry.event;
    long now = System.currentTimeMillis();
    delivered++;
    lastDeliveredAt = now;
    out.events().publish(Events.WEBHOOK, "webhook-delivered", subscription.id(),
        Sender.outcome(subscription, event, attempt, number).put("resubmitted", false));
    JsonObject retry = retries.getJsonObject(event.id());
    if (number > 1) {
      recovery.retryCompleted(event, number, "delivered", null, retry != null ? retry.getLong("firstFailureAt") : now);
    }
    retries.remove(event.id());
    // Resolved once no other key is still retrying.
    if (retries.isEmpty()) {
      recovery.delivered(now);
    }
    done(entry);
  }

  private void failed(KeyedQueue.Entry entry, int number, Sender.Attempt attempt) {
    HubEvent event = entry.event;
    long now = System.currentTimeMillis();
    failed++;
    lastError = attempt.error();
    JsonObject retry = retries.getJsonObject(event.id());
    long firstFailureAt = retry != null ? retry.getLong("firstFailureAt") : now;
    if (number < settings.attempts()) {
      long delay = settings.backoffMillis(number, out.random().nextDouble());
      // webhook-failed first, then retry-started, as the log has always told them; the failing state is saved
      // with the retry (the writer keeps the latest).
      scheduleRetry(entry, number, attempt, firstFailureAt, delay, null);
      recovery.failed(event, number, attempt.error(), settings.attempts(), delay, now);
      save();
      return;
    }
    recovery.failed(event, number, attempt.error(), settings.attempts(), null, now);
    if (out.dlqAddress() == null) {
      giveUp(entry, number, attempt, firstFailureAt, null, "dropped", null);
      return;
    }
    out.park(subscription, event, number, firstFailureAt, attempt.error()).onComplete(ar -> Contexts.on(out.context(), () -> {
      if (stopped) {
        return Future.succeededFuture();
      }
      if (ar.succeeded()) {
        parked++;
        recovery.parked();
        giveUp(entry, number, attempt, firstFailureAt, ar.result(), "parked", null);
      } else if (ar.cause() instanceof ReplyException r && r.failureCode() == ErrorCode.TOO_LARGE.httpStatus()) {
        // The queue will never take it: say so loudly and move on; the event stays in the hub's log.
        LOG.error("subscription " + subscription.id() + ": event " + event.id() + " (cursor " + event.cursor()
            + ") failed " + number + " attempts and is too large for the dead-letter queue; it is not retried again");
        giveUp(entry, number, attempt, firstFailureAt, null, "dropped", Sender.truncate(ar.cause().getMessage()));
      } else {
        // Nothing is dropped unseen: keep the event and try it (and parking it) again later.
        String parkError = Sender.truncate("could not park in the dead-letter queue at " + out.dlqAddress() + ": "
            + ar.cause().getMessage());
        LOG.warn("subscription " + subscription.id() + ": " + parkError + "; retrying the delivery later");
        scheduleRetry(entry, number, attempt, firstFailureAt, settings.maxBackoff().toMillis(), parkError);
      }
      return Future.succeededFuture();
    }));
  }

  private void scheduleRetry(KeyedQueue.Entry entry, int number, Sender.Attempt attempt, long firstFailureAt,
      long delay, String parkError) {
    HubEvent event = entry.event;
    retries.put(event.id(), new JsonObject().put("eventId", event.id()).put("attempts", number)
        .put("firstFailureAt", firstFailureAt).put("nextAttemptAt", System.currentTimeMillis() + delay));
    save();
    out.events().publish(Events.WEBHOOK, "webhook-failed", subscription.id(), failure(event, number, attempt)
        .put("willRetry", true).put("nextAttemptInMs", delay).put("parked", false).put("deadLetterId", null)
        .put("parkError", parkError));
    timers.later(delay, () -> attempt(entry, number + 1));
  }

  private void giveUp(KeyedQueue.Entry entry, int number, Sender.Attempt attempt, long firstFailureAt,
      String deadLetterId, String outcome, String parkError) {
    HubEvent event = entry.event;
    out.events().publish(Events.WEBHOOK, "webhook-failed", subscription.id(), failure(event, number, attempt)
        .put("willRetry", false).put("nextAttemptInMs", null).put("parked", deadLetterId != null)
        .put("deadLetterId", deadLetterId).put("parkError", parkError));
    if (number > 1) {
      recovery.retryCompleted(event, number, outcome, deadLetterId, firstFailureAt);
    }
    retries.remove(event.id());
    done(entry);
  }

  // The event is dealt with (delivered, parked or given up): the cursor moves past it once every event
  // before it is dealt with too.
  private void done(KeyedQueue.Entry entry) {
    retries.remove(entry.event.id());
    claims.remove(entry.lane);
    String finished = queue.finish(entry);
    if (finished != null) {
      advance(queue.isEmpty() && queuedUpTo != null ? queuedUpTo : finished);
    } else {
      save();
    }
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
    return recovery.saveInto(new JsonObject().put("cursor", cursor).put("retries", retries.copy()))
        .put("claim", claim).put("claims", claims.copy());
  }

  private JsonObject failure(HubEvent event, int number, Sender.Attempt attempt) {
    return Sender.outcome(subscription, event, attempt, number).put("error", attempt.error())
        .put("maxAttempts", settings.attempts()).put("resubmitted", false);
  }
}
