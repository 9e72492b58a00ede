package dev.eventhub.sources.webhook.impl;

import dev.eventhub.api.EventHistory;
import dev.eventhub.api.HubEvent;
import dev.eventhub.api.HubException;
import dev.eventhub.api.HubPrincipal;
import dev.eventhub.api.spi.EventInterest;
import dev.eventhub.api.spi.PluginContext;
import dev.eventhub.api.spi.PluginStorage;
import dev.eventhub.api.spi.StoredDocument;
import dev.eventhub.kit.async.Contexts;
import dev.eventhub.kit.auth.Grant;
import dev.eventhub.kit.http.Fields;
import dev.eventhub.kit.http.OutboundGuard;
import dev.eventhub.kit.http.TargetBreakers;
import dev.eventhub.sources.webhook.WebhookPlugin;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The subscriptions and their dispatchers: creates and deletes them, hands each live event to each
 * dispatcher, parks what keeps failing and delivers again what the dead-letter queue sends back. All
 * state lives on the plugin's context; API calls hop there.
 */
final class Outbound {
  private static final Logger LOG = LoggerFactory.getLogger(Outbound.class);
  static final String SUBSCRIPTIONS = "subscriptions";
  static final String STATES = "delivery";

  private final Vertx vertx;
  private final Context context;
  private final PluginContext plugin;
  private final Events events;
  private final Sender sender;
  private final TargetBreakers breakers;
  private final WebhookSettings settings;
  private final OutboundGuard guard;
  private final DeadLetters deadLetters;
  private final Random random = new Random();
  private final Map<String, Dispatcher> dispatchers = new TreeMap<>();
  private final Set<String> creating = new HashSet<>();
  private final Map<String, AttemptLog> attemptLogs = new HashMap<>();
  private MessageConsumer<HubEvent> consumer;
  private MessageConsumer<Object> redeliveries;

  Outbound(Vertx vertx, Context context, PluginContext plugin, Events events, Sender sender, TargetBreakers breakers,
      WebhookSettings settings, OutboundGuard guard) {
    this.vertx = vertx;
    this.context = context;
    this.plugin = plugin;
    this.events = events;
    this.sender = sender;
    this.breakers = breakers;
    this.settings = settings;
    this.guard = guard;
    this.deadLetters = new DeadLetters(vertx, context, settings, sender, events, this::find, this::attempts);
  }

  Vertx vertx() {
    return vertx;
  }

  Context context() {
    return context;
  }

  EventHistory history() {
    return plugin.history();
  }

  PluginStorage storage() {
    return plugin.storage();
  }

  Events events() {
    return events;
  }

  Sender sender() {
    return sender;
  }

  WebhookSettings settings() {
    return settings;
  }

  Random random() {
    return random;
  }

  /** Issue 24: where dispatchers register the categories their subscriptions read. */
  EventInterest interest() {
    return plugin.interest();
  }

  String dlqAddress() {
    return settings.dlqAddress();
  }

  /**
   * Listens to every event first, then loads the subscriptions, each catching up from its cursor:
   * nothing recorded in between is missed. Call on the plugin's context.
   */
  Future<Void> start() {
    // Issue 24: only the categories of running subscriptions go on the bus.
    plugin.interest().narrow();
    consumer = vertx.eventBus().consumer(plugin.allEventsAddress(), message -> {
      HubEvent event = message.body();
      dispatchers.values().forEach(d -> d.offer(event));
    });
    redeliveries = vertx.eventBus().consumer(WebhookPlugin.REDELIVER_ADDRESS, deadLetters::redeliver);
    return consumer.completion().compose(v -> redeliveries.completion())
        .compose(v -> Pages.forEach(storage(), SUBSCRIPTIONS, null, this::load))
        .onSuccess(v -> LOG.info("webhook subscriptions ready: " + dispatchers.size() + " loaded"));
  }

  private Future<Void> load(List<StoredDocument> docs) {
    Future<Void> chain = Future.succeededFuture();
    for (StoredDocument doc : docs) {
      chain = chain.compose(v -> load(Subscription.fromStored(doc.value())));
    }
    return chain;
  }

  private Future<Void> load(Subscription subscription) {
    if (!subscription.owner().recorded()) {
      LOG.warn("subscription " + subscription.id() + " has no recorded owner (created before owners were "
          + "recorded, or damaged): it delivers nothing; delete it and create it again");
    }
    return storage().get(STATES, subscription.id()).compose(doc -> {
      if (doc != null) {
        return Future.succeededFuture(doc.value());
      }
      LOG.warn("subscription " + subscription.id() + " has no delivery state; delivering from the log's head on");
      return history().head().map(head -> new JsonObject().put("cursor", head));
    }).map(state -> {
      Dispatcher dispatcher = new Dispatcher(this, subscription, state);
      dispatchers.put(subscription.id(), dispatcher);
      dispatcher.start();
      return null;
    });
  }

  /** Stops every dispatcher and waits for their state to be saved. */
  Future<Void> stop() {
    List<Future<Void>> stops = new ArrayList<>();
    dispatchers.values().forEach(d -> stops.add(d.stop()));
    if (consumer != null) {
      stops.add(consumer.unregister());
    }
    if (redeliveries != null) {
      stops.add(redeliveries.unregister());
    }
    return Future.join(stops).mapEmpty();
  }

  /**
   * Creates a subscription that delivers the matching events recorded from now on. The caller's
   * token must allow subscribing to each category or pattern it names: a subscription reads those
   * events on the caller's behalf, and records the caller's scopes to check each delivery against.
   */
  Future<JsonObject> create(JsonObject body, HubPrincipal principal) {
    return Contexts.on(context, () -> {
      Subscription subscription = Subscription.parse(body, System.currentTimeMillis(), Grant.of(principal));
      URI url = URI.create(subscription.url());
      guard.checkNotSelf("url", url, InboundApi.PREFIX + "/");
      guard.checkTarget("url", url);
      checkScopes(subscription, principal);
      String id = subscription.id();
      if (dispatchers.containsKey(id) || creating.contains(id)) {
        throw HubException.conflict("subscription '" + id + "' already exists");
      }
      if (dispatchers.size() + creating.size() >= settings.maxSubscriptions()) {
        throw HubException.conflict("there are already " + settings.maxSubscriptions()
            + " subscriptions (setting plugins.webhook.maxSubscriptions); delete some first");
      }
      creating.add(id);
      return history().head().compose(head -> {
        JsonObject state = new JsonObject().put("cursor", head);
        return storage().put(STATES, id, state)
            .compose(v -> storage().insert(SUBSCRIPTIONS, id, subscription.toStored()))
            .map(v -> {
              Dispatcher dispatcher = new Dispatcher(this, subscription, state);
              dispatchers.put(id, dispatcher);
              dispatcher.start();
              JsonObject shown = subscription.toJson(false);
              events.publish(Events.WEBHOOK, "webhook-registered", id, new JsonObject().put("kind", "subscription")
                  .put("id", id).put("target", subscription.target()).put("categories", shown.getJsonArray("categories"))
                  .put("events", shown.getJsonArray("events")).put("keys", shown.getJsonArray("keys")));
              return view(dispatcher, true);
            });
      }).andThen(ar -> creating.remove(id));
    });
  }

  Future<JsonObject> get(String id) {
    return Contexts.on(context, () -> Future.succeededFuture(view(find(id), false)));
  }

  Future<List<JsonObject>> list() {
    return Contexts.on(context, () -> Future.succeededFuture(
        dispatchers.values().stream().map(d -> view(d, false)).toList()));
  }

  /**
   * Changes a subscription (URL, filter, headers, description, paused) keeping its cursor. The caller's
   * token must allow subscribing to every category of the changed subscription, and becomes its owner.
   */
  Future<JsonObject> update(String id, JsonObject body, HubPrincipal principal) {
    return Contexts.on(context, () -> {
      Dispatcher dispatcher = findIdle(id);
      Subscription updated = dispatcher.subscription().patched(body, Grant.of(principal));
      URI url = URI.create(updated.url());
      guard.checkNotSelf("url", url, InboundApi.PREFIX + "/");
      guard.checkTarget("url", url);
      checkScopes(updated, principal);
      return replace(dispatcher, updated, new java.util.TreeSet<>(body.fieldNames()), false);
    });
  }

  /**
   * Gives a subscription a new signing secret (the one given, or a new one); deliveries are signed
   * with both until the overlap ends, so that receivers can move to the new one.
   */
  Future<JsonObject> rotate(String id, JsonObject body) {
    return Contexts.on(context, () -> {
      Dispatcher dispatcher = findIdle(id);
      String secret = Fields.string(body, "secret", false, 1024);
      long until = System.currentTimeMillis() + Rotation.overlap(body, settings.secretOverlap()).toMillis();
      Subscription rotated = dispatcher.subscription().rotated(secret == null ? Signatures.newSecret() : secret, until);
      return replace(dispatcher, rotated, Set.of("secret"), true);
    });
  }

  // Stops the dispatcher, stores the changed subscription and starts a new dispatcher from the saved state:
  // the cursor, a retry under way and its claim carry over. An attempt in flight is not heeded (its event is
  // attempted again, with the same webhook-id: at least once).
  private Future<JsonObject> replace(Dispatcher old, Subscription updated, Set<String> changed, boolean withSecret) {
    String id = updated.id();
    creating.add(id);
    return old.stop()
        .compose(v -> storage().put(SUBSCRIPTIONS, id, updated.toStored()))
        .transform(stored -> {
          // Not stored: the subscription goes on unchanged.
          Dispatcher dispatcher = new Dispatcher(this, stored.succeeded() ? updated : old.subscription(), old.state());
          dispatchers.put(id, dispatcher);
          dispatcher.start();
          String target = old.subscription().target();
          if (dispatchers.values().stream().noneMatch(d -> d.subscription().target().equals(target))) {
            breakers.forget(target);
          }
          if (stored.failed()) {
            return Future.failedFuture(stored.cause());
          }
          events.publish(Events.WEBHOOK, "webhook-updated", id, new JsonObject().put("kind", "subscription")
              .put("id", id).put("changed", new JsonArray(List.copyOf(changed))));
          return Future.succeededFuture(view(dispatcher, withSecret));
        })
        .andThen(ar -> creating.remove(id));
  }

  /** The attempt log of a subscription (kept across changes of it, dropped with it). */
  AttemptLog attempts(String id) {
    return attemptLogs.computeIfAbsent(id, i -> new AttemptLog(settings.attemptsKept()));
  }

  /** The newest {@code limit} attempts of a subscription, newest first. */
  Future<JsonObject> attempts(String id, int limit) {
    return Contexts.on(context, () -> {
      find(id);
      return Future.succeededFuture(new JsonObject().put("subscription", id)
          .put("attempts", new JsonArray(attempts(id).newest(limit))));
    });
  }

  /** Deletes a subscription: its deliveries stop, an attempt under way is not heeded. */
  Future<Void> delete(String id) {
    return Contexts.on(context, () -> {
      Dispatcher dispatcher = findIdle(id);
      dispatchers.remove(id);
      attemptLogs.remove(id);
      String target = dispatcher.subscription().target();
      if (dispatchers.values().stream().noneMatch(d -> d.subscription().target().equals(target))) {
        breakers.forget(target);
      }
      return dispatcher.stop()
          .compose(v -> storage().delete(SUBSCRIPTIONS, id))
          .compose(v -> storage().delete(STATES, id))
          .onSuccess(v -> events.publish(Events.WEBHOOK, "webhook-unregistered", id,
              new JsonObject().put("kind", "subscription").put("id", id)))
          .mapEmpty();
    });
  }

  /** Parks a delivery that failed its last attempt; completes with the dead-letter entry's id. */
  Future<String> park(Subscription subscription, HubEvent event, int attempts, long firstFailureAt, String error) {
    return deadLetters.park(subscription, event, attempts, firstFailureAt, error);
  }

  private static void checkScopes(Subscription subscription, HubPrincipal principal) {
    for (String category : subscription.filter().categories()) {
      // A per-key grant admits its category: deliveries are then narrowed event by event (Events.excluded).
      if (!principal.canReadSomeOf(category)) {
        throw HubException.forbidden("token does not allow subscribe:" + category
            + ", so it cannot subscribe a webhook to it");
      }
    }
  }

  // A subscription that no other change is under way for.
  private Dispatcher findIdle(String id) {
    Dispatcher dispatcher = find(id);
    if (creating.contains(id)) {
      throw HubException.conflict("subscription '" + id + "' is being changed; try again");
    }
    return dispatcher;
  }

  private Dispatcher find(String id) {
    Dispatcher dispatcher = dispatchers.get(id);
    if (dispatcher == null) {
      throw HubException.notFound("no subscription '" + id + "'");
    }
    return dispatcher;
  }

  private JsonObject view(Dispatcher dispatcher, boolean withSecret) {
    Subscription subscription = dispatcher.subscription();
    return subscription.toJson(withSecret).put("delivery", dispatcher.status())
        .put("circuitBreaker", breakers.state(subscription.target()));
  }
}
