package dev.eventhub.sinks.websocket.impl;

import dev.eventhub.api.ErrorCode;
import dev.eventhub.api.EventHistory;
import dev.eventhub.api.spi.EventInterest;
import dev.eventhub.api.HubException;
import dev.eventhub.sinks.websocket.ConsumerOptions;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sink's named consumers: every one the store keeps, loaded when the sink starts, and the groups of
 * members attached to them. Everything runs on one context, the sink's own (where the dispatcher hands over
 * live events); the methods called from connections hop there and answer with futures.
 *
 * <p>Cursors reach the store in batches: every {@code consumers.commitInterval}, when a consumer's last
 * member leaves, and when the sink stops. A hub that dies between two writes redelivers what was
 * acknowledged since the last one (at least once).
 */
final class ConsumerGroups {
  private static final Logger LOG = LoggerFactory.getLogger(ConsumerGroups.class);
  // The plugin storage's longest key.
  private static final int MAX_KEY = 256;

  /** What an attach answers: the consumer's committed cursor (delivery starts after it). */
  record Attached(String cursor, boolean created) {}

  private final Context context;
  private final ConsumerStore store;
  private final EventHistory history;
  private final ConsumerOptions options;
  private final WebSocketStats stats;
  private final Map<String, ConsumerGroup> groups = new HashMap<>();
  // Groups with members: the dispatcher offers live events to these only.
  private final List<ConsumerGroup> active = new ArrayList<>();
  private Future<Void> ready;
  private long commitTimer = -1;
  private long sweepTimer = -1;
  private long lagTimer = -1;
  private final dev.eventhub.kit.metrics.LabelledGauge lagEvents = dev.eventhub.kit.metrics.LabelledGauge.register(
      "hub.consumer.lag.events", "Matching events after a named consumer's committed cursor (counted up to 10000)");
  private final dev.eventhub.kit.metrics.LabelledGauge lagSeconds = dev.eventhub.kit.metrics.LabelledGauge.register(
      "hub.consumer.lag.seconds", "Age of the oldest event a named consumer has not committed");
  private boolean closed;
  // Issue 24: a group with members wants its categories' events on the bus.
  private EventInterest interest = EventInterest.UNTRACKED;

  ConsumerGroups(Context context, ConsumerStore store, EventHistory history, ConsumerOptions options,
      WebSocketStats stats) {
    this.context = context;
    this.store = store;
    this.history = history;
    this.options = options;
    this.stats = stats;
  }

  /** Loads the stored consumers and starts the timers; on the group context. */
  Future<Void> start() {
    ready = store.list().map(all -> {
      for (ConsumerRecord r : all) {
        groups.put(r.key(), group(r));
      }
      stats.consumers(groups.size());
      return (Void) null;
    }).onFailure(e -> LOG.error("could not load the named consumers", e));
    long commit = options.commitInterval().toMillis();
    commitTimer = context.owner().setPeriodic(commit, commit, id -> commit());
    long sweep = options.sweepInterval().toMillis();
    sweepTimer = context.owner().setPeriodic(sweep, sweep, id -> sweep());
    long lag = options.lagInterval().toMillis();
    lagTimer = context.owner().setPeriodic(lag, lag, id -> refreshLag());
    return ready;
  }

  /** Issue 24: where groups with members register their categories; before {@link #start()}. */
  ConsumerGroups interest(EventInterest interest) {
    this.interest = interest;
    return this;
  }

  // Before the group reads the log on: every event recorded from then on goes on the bus.
  private void activate(ConsumerGroup group) {
    group.filter().categories().forEach(interest::want);
    active.add(group);
  }

  private void deactivate(ConsumerGroup group) {
    if (active.remove(group)) {
      group.filter().categories().forEach(interest::unwant);
    }
  }

  /** Whether a live event may interest a group (the dispatcher skips encoding otherwise); on the group context. */
  boolean hasMembers() {
    return !active.isEmpty();
  }

  /** One batch of live events, in log order; on the group context. */
  void offer(Encoded[] batch) {
    if (active.isEmpty()) {
      return;
    }
    for (ConsumerGroup g : active) {
      boolean any = false;
      for (Encoded e : batch) {
        if (g.filter().matches(e.event)) {
          g.live(e);
          any = true;
        }
      }
      if (any) {
        g.afterLive();
      }
    }
  }

  /**
   * Attaches a member to the subject's consumer, creating it (starting after {@code since}, else after the
   * log's head) when there is none. Fails with a {@link RequestError} a client may be told. Any thread.
   */
  Future<Attached> attach(GroupMember member, String subject, Request.Subscribe request) {
    return on(v -> ready.compose(x -> {
      String key = ConsumerRecord.key(subject, request.consumer());
      if (key.length() > MAX_KEY) {
        return Future.failedFuture(RequestError.badRequest(request.id(), "the token's subject is too long for a named"
            + " consumer (its subject and name together are at most " + (MAX_KEY - 8) + " characters)"));
      }
      ConsumerGroup existing = groups.get(key);
      if (existing != null) {
        return join(existing, member, request, false);
      }
      if (groups.size() >= options.maxConsumers()) {
        return Future.failedFuture(new RequestError(request.id(), ErrorCode.TOO_MANY_SUBSCRIPTIONS,
            "the hub already keeps " + groups.size() + " named consumers, the most allowed (consumers.maxConsumers)"));
      }
      Future<String> start = request.since() != null ? Future.succeededFuture(request.since()) : history.head();
      return start.compose(cursor -> {
        ConsumerGroup raced = groups.get(key);
        if (raced != null) {
          return join(raced, member, request, false);
        }
        long now = System.currentTimeMillis();
        ConsumerRecord record = new ConsumerRecord(subject, request.consumer(), request.categories(),
            request.events(), request.keys(), request.autoAck(), cursor, now, now);
        ConsumerGroup group = group(record);
        groups.put(key, group);
        stats.consumers(groups.size());
        return join(group, member, request, true);
      });
    }));
  }

  private Future<Attached> join(ConsumerGroup group, GroupMember member, Request.Subscribe request, boolean created) {
    if (!group.record().sameFilter(request.categories(), request.events(), request.keys())) {
      return Future.failedFuture(new RequestError(request.id(), ErrorCode.CONFLICT, "consumer '"
          + request.consumer() + "' was defined with other filters (categories " + group.record().categories()
          + ", events " + group.record().events() + ", keys " + group.record().keys()
          + "): subscribe with the same ones, or delete it first"));
    }
    if (closed) {
      return Future.failedFuture(new RequestError(request.id(), ErrorCode.UNAVAILABLE, "the hub is stopping"));
    }
    member.joined(group);
    if (group.members().isEmpty()) {
      activate(group);
    }
    String cursor = group.committed();
    group.attach(member, System.currentTimeMillis());
    return Future.succeededFuture(new Attached(cursor, created));
  }

  /** The member's subscription ended; its unacknowledged events go to the others. Any thread. */
  void detach(GroupMember member) {
    context.runOnContext(v -> {
      ConsumerGroup group = member.group();
      if (group == null || !group.members().contains(member)) {
        return;
      }
      int before = group.pendingEvents();
      group.detach(member, System.currentTimeMillis());
      stats.consumerRedelivered(Math.max(0, member.inFlight()));
      if (group.members().isEmpty()) {
        deactivate(group);
        save(List.of(group));
      }
      LOG.debug("member left consumer {} ({} pending)", group.record().name(), before);
    });
  }

  /** A member's {@code ack}: answers the committed cursor, or fails with a {@link RequestError}. Any thread. */
  Future<String> ack(GroupMember member, Object requestId, String cursor) {
    return on(v -> {
      ConsumerGroup group = member.group();
      if (group == null || !group.members().contains(member)) {
        return Future.failedFuture(new RequestError(requestId, ErrorCode.UNKNOWN_SUBSCRIPTION,
            "this subscription is no longer attached to its consumer"));
      }
      return Future.succeededFuture(group.ack(member, requestId, cursor));
    });
  }

  /** An autoAck member wrote these events. Any thread. */
  void written(GroupMember member, List<GroupSlot> slots) {
    context.runOnContext(v -> {
      ConsumerGroup group = member.group();
      if (group != null) {
        group.written(member, slots);
      }
    });
  }

  /** Every consumer: its definition, cursor and members, as {@code describe} builds it. Any thread. */
  <T> Future<List<T>> each(Function<ConsumerGroup, T> describe) {
    return on(v -> ready.map(x -> groups.values().stream().map(describe).toList()));
  }

  /**
   * Deletes consumers: the one of {@code subject}, or every subject's of that name when {@code subject} is null
   * and only one has it. Members attached are told through {@code kick}. Any thread.
   *
   * @return how many were deleted (0: none of that name)
   */
  Future<Integer> delete(String name, String subject, java.util.function.Consumer<GroupMember> kick) {
    return on(v -> ready.compose(x -> {
      List<ConsumerGroup> matching = groups.values().stream().filter(g -> g.record().name().equals(name)
          && (subject == null || g.record().subject().equals(subject))).toList();
      if (matching.size() > 1) {
        return Future.failedFuture(HubException.conflict("subjects " + matching.stream()
            .map(g -> g.record().subject()).sorted().toList() + " each have a consumer '" + name
            + "': name one with ?subject="));
      }
      List<Future<Boolean>> deletes = new ArrayList<>();
      for (ConsumerGroup g : matching) {
        remove(g, kick);
        deletes.add(store.delete(g.record().key()));
      }
      return Future.all(deletes).map(matching.size());
    }));
  }

  private void remove(ConsumerGroup g, java.util.function.Consumer<GroupMember> kick) {
    groups.remove(g.record().key());
    deactivate(g);
    g.detachAll(System.currentTimeMillis()).forEach(kick);
    stats.consumers(groups.size());
  }

  /** Writes every cursor and stops the timers; later attaches are refused. Any thread. */
  Future<Void> close() {
    return on(v -> {
      closed = true;
      context.owner().cancelTimer(commitTimer);
      context.owner().cancelTimer(sweepTimer);
      context.owner().cancelTimer(lagTimer);
      lagEvents.close();
      lagSeconds.close();
      long now = System.currentTimeMillis();
      List<ConsumerRecord> all = groups.values().stream().map(g -> g.snapshot(now)).toList();
      return all.isEmpty() ? Future.succeededFuture() : store.saveAll(all);
    });
  }

  /**
   * Every consumer as {@code GET /api/consumers} lists it: definition, committed cursor, members and lag (measured
   * now, one consumer after the other). Any thread.
   */
  Future<List<io.vertx.core.json.JsonObject>> describeAll() {
    return on(v -> ready.compose(x -> {
      List<ConsumerGroup> all = new ArrayList<>(groups.values());
      all.sort(java.util.Comparator.comparing((ConsumerGroup g) -> g.record().subject())
          .thenComparing(g -> g.record().name()));
      List<io.vertx.core.json.JsonObject> out = new ArrayList<>();
      Future<Void> chain = Future.succeededFuture();
      for (ConsumerGroup g : all) {
        chain = chain.compose(y -> LagScan.measure(history, g.filter().toEventFilter(), g.committed())
            .recover(e -> Future.succeededFuture(null))
            .map(lag -> {
              out.add(ConsumerJson.describe(g, lag));
              return null;
            }));
      }
      return chain.map(y -> out);
    }));
  }

  // The lag series of the consumers furthest behind (by committed cursor), consumers.maxMetricSeries of them.
  private void refreshLag() {
    if (closed) {
      return;
    }
    List<ConsumerGroup> behind = new ArrayList<>(groups.values());
    behind.sort(java.util.Comparator.comparing(ConsumerGroup::committed,
        java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder())));
    List<ConsumerGroup> measured = behind.subList(0, Math.min(behind.size(), options.maxMetricSeries()));
    Map<String, Number> events = new java.util.TreeMap<>();
    Map<String, Number> seconds = new java.util.TreeMap<>();
    Future<Void> chain = Future.succeededFuture();
    for (ConsumerGroup g : measured) {
      String label = g.record().subject() + "/" + g.record().name();
      chain = chain.compose(y -> LagScan.measure(history, g.filter().toEventFilter(), g.committed())
          .map(lag -> {
            events.put(label, lag.events());
            seconds.put(label, lag.seconds());
            return (Void) null;
          }).recover(e -> Future.succeededFuture()));
    }
    chain.onComplete(y -> {
      lagEvents.set("consumer", events);
      lagSeconds.set("consumer", seconds);
    });
  }

  private ConsumerGroup group(ConsumerRecord r) {
    return new ConsumerGroup(context, history, r, options.maxInFlight());
  }

  private void commit() {
    long now = System.currentTimeMillis();
    List<ConsumerGroup> dirty = new ArrayList<>();
    for (ConsumerGroup g : groups.values()) {
      if (g.takeDirty(now)) {
        dirty.add(g);
      }
    }
    if (!dirty.isEmpty()) {
      save(dirty);
    }
  }

  private void save(List<ConsumerGroup> dirty) {
    long now = System.currentTimeMillis();
    List<ConsumerRecord> records = dirty.stream().map(g -> g.snapshot(now)).toList();
    store.saveAll(records).onFailure(e -> {
      LOG.warn("could not write {} consumer cursors; retrying at the next commit", records.size(), e);
      context.runOnContext(v -> dirty.forEach(ConsumerGroup::markDirty));
    });
  }

  // A consumer nobody attached to for expireAfter is removed, its cursor with it.
  private void sweep() {
    long cutoff = System.currentTimeMillis() - options.expireAfter().toMillis();
    for (ConsumerGroup g : new ArrayList<>(groups.values())) {
      if (g.members().isEmpty() && g.record().lastAttached() < cutoff) {
        remove(g, m -> {});
        store.delete(g.record().key()).onSuccess(v -> stats.consumerExpired())
            .onFailure(e -> LOG.warn("could not delete expired consumer {}", g.record().name(), e));
      }
    }
  }

  private <T> Future<T> on(Function<Void, Future<T>> body) {
    Promise<T> out = Promise.promise();
    context.runOnContext(v -> {
      try {
        body.apply(null).onComplete(out);
      } catch (RuntimeException e) {
        out.fail(e);
      }
    });
    return out.future();
  }
}
