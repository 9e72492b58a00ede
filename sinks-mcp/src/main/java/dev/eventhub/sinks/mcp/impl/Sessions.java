package dev.eventhub.sinks.mcp.impl;

import dev.eventhub.api.HubEvent;
import dev.eventhub.api.HubPrincipal;
import dev.eventhub.sinks.mcp.McpSinkOptions;
import dev.eventhub.api.spi.EventInterest;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The open sessions, their limits (in total and per token) and their resource subscriptions, indexed by
 * category so that an event costs only the sessions subscribed to its category.
 */
final class Sessions {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Vertx vertx;
  private final McpSinkOptions options;
  private final Map<String, Session> byId = new ConcurrentHashMap<>();
  private final Map<String, Set<Session>> subscribers = new ConcurrentHashMap<>();
  private volatile boolean closed;
  // Issue 24: the categories sessions subscribed to, wanted on the bus.
  private final EventInterest interest;

  Sessions(Vertx vertx, McpSinkOptions options) {
    this(vertx, options, EventInterest.UNTRACKED);
  }

  Sessions(Vertx vertx, McpSinkOptions options, EventInterest interest) {
    this.vertx = vertx;
    this.options = options;
    this.interest = interest;
  }

  /**
   * Opens a session for the token whose hash is {@code tokenHash}.
   *
   * @throws Rpc.Error when the sink or the token holds the most sessions allowed
   */
  synchronized Session open(String tokenHash, HubPrincipal principal, String protocolVersion) {
    if (closed) {
      throw new Rpc.Error(Rpc.LIMIT, "the hub is shutting down", 503);
    }
    if (byId.size() >= options.maxSessions()) {
      throw new Rpc.Error(Rpc.LIMIT, "the hub holds the most MCP sessions it allows (" + options.maxSessions()
          + "); retry later", 503);
    }
    long mine = byId.values().stream().filter(s -> s.tokenHash.equals(tokenHash)).count();
    if (mine >= options.maxSessionsPerToken()) {
      throw new Rpc.Error(Rpc.LIMIT, "this token holds the most MCP sessions allowed per token ("
          + options.maxSessionsPerToken() + "); end one (DELETE) or wait for one to expire", 429);
    }
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    Session session = new Session(id, tokenHash, principal.subject(), principal.expiresAt(), protocolVersion);
    byId.put(id, session);
    return session;
  }

  /** The open session of that id made by the token of that hash; null otherwise (unknown, ended, another token's). */
  Session find(String id, String tokenHash) {
    Session s = id == null ? null : byId.get(id);
    return s != null && s.tokenHash.equals(tokenHash) && !s.closed() ? s : null;
  }

  int size() {
    return byId.size();
  }

  void close(Session session) {
    if (byId.remove(session.id) != null) {
      session.close();
      // Issue 24: a closed session's subscriptions want nothing more.
      List.copyOf(session.subscriptions().keySet()).forEach(category -> unsubscribe(session, category));
      for (String category : session.subscriptions().keySet()) {
        unsubscribe(session, category);
      }
    }
  }

  /** Ends every session over its token's lifetime or idle too long. */
  void sweep() {
    long now = System.currentTimeMillis();
    long idle = options.sessionIdleTimeout().toMillis();
    for (Session s : byId.values()) {
      if (s.over(now, idle)) {
        close(s);
      }
    }
  }

  /** Ends every session: the sink stops. */
  synchronized void closeAll() {
    closed = true;
    byId.values().forEach(this::close);
  }

  /** @throws Rpc.Error when the session holds the most subscriptions allowed */
  void subscribe(Session session, String category) {
    Map<String, Session.Throttle> mine = session.subscriptions();
    synchronized (session) {
      if (!mine.containsKey(category) && mine.size() >= options.maxSubscriptionsPerSession()) {
        throw new Rpc.Error(Rpc.LIMIT, "this session holds the most resource subscriptions allowed ("
            + options.maxSubscriptionsPerSession() + ")");
      }
      mine.putIfAbsent(category, new Session.Throttle());
    }
    if (subscribers.computeIfAbsent(category, c -> ConcurrentHashMap.newKeySet()).add(session)) {
      interest.want(category);
    }
  }

  void unsubscribe(Session session, String category) {
    session.subscriptions().remove(category);
    subscribers.computeIfPresent(category, (c, set) -> {
      if (set.remove(session)) {
        interest.unwant(category);
      }
      return set.isEmpty() ? null : set;
    });
  }

  /** Tells each session subscribed to the event's category that its resource changed, throttled. */
  void offer(HubEvent event) {
    Set<Session> sessions = subscribers.get(event.category());
    if (sessions == null) {
      return;
    }
    String uri = Resources.eventsUri(event.category());
    long interval = options.notificationInterval().toMillis();
    for (Session s : sessions) {
      Session.Throttle throttle = s.subscriptions().get(event.category());
      if (throttle != null) {
        throttle.offer(vertx, interval, () -> notifyUpdated(s, uri));
      }
    }
  }

  private static void notifyUpdated(Session session, String uri) {
    SseStream stream = session.stream();
    if (stream != null && !session.closed()) {
      stream.send(Rpc.notification("notifications/resources/updated", new JsonObject().put("uri", uri)));
    }
  }

  Collection<Session> all() {
    return byId.values();
  }
}
