package dev.eventhub.client;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/** How a {@link HubClient} reaches the hub and how it reconnects. */
public final class HubClientOptions {
  /** The hub's base URL when none is set. */
  public static final String DEFAULT_URL = "http://localhost:8080";
  public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(200);
  public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(30);

  private List<String> urls = List.of(DEFAULT_URL);
  private String path = "/ws";
  private Supplier<Future<String>> tokenSupplier = () -> Future.succeededFuture(null);
  private Duration initialBackoff = DEFAULT_INITIAL_BACKOFF;
  private Duration maxBackoff = DEFAULT_MAX_BACKOFF;
  private boolean batch;

  /** The hub's base URL, e.g. {@code http://localhost:8080} or {@code https://hub.example.com}. */
  public String url() {
    return urls.get(0);
  }

  public HubClientOptions setUrl(String url) {
    this.urls = List.of(Objects.requireNonNull(url, "url"));
    return this;
  }

  /** Every base URL the client may use: the nodes of a cluster. */
  public List<String> urls() {
    return urls;
  }

  /**
   * The nodes of a cluster (docs/cluster.md), tried in turn: the client starts with the first, and
   * when a connection fails or closes it reconnects to the next, resuming every subscription where it
   * stopped (cursors are the same on every node). Publishing goes to the node the client is on.
   */
  public HubClientOptions setUrls(List<String> urls) {
    if (urls == null || urls.isEmpty()) {
      throw new IllegalArgumentException("at least one URL is required");
    }
    urls.forEach(u -> Objects.requireNonNull(u, "url"));
    this.urls = List.copyOf(urls);
    return this;
  }

  /** The WebSocket path, {@code /ws} unless the operator changed it. */
  public String path() {
    return path;
  }

  public HubClientOptions setPath(String path) {
    this.path = Objects.requireNonNull(path, "path");
    return this;
  }

  /** A fixed token for every connection and request. */
  public HubClientOptions setToken(String token) {
    this.tokenSupplier = () -> Future.succeededFuture(token);
    return this;
  }

  /**
   * Where to get a token from, asked before every connection and request: for tokens that expire
   * (the hub closes a connection whose token expired with 4001, and the client reconnects with a new one).
   */
  public HubClientOptions setTokenSupplier(Supplier<Future<String>> tokenSupplier) {
    this.tokenSupplier = Objects.requireNonNull(tokenSupplier, "tokenSupplier");
    return this;
  }

  public Supplier<Future<String>> tokenSupplier() {
    return tokenSupplier;
  }

  /** The first reconnect delay; each failed attempt doubles it, up to {@link #maxBackoff()}, with jitter. */
  public Duration initialBackoff() {
    return initialBackoff;
  }

  public HubClientOptions setInitialBackoff(Duration initialBackoff) {
    this.initialBackoff = Objects.requireNonNull(initialBackoff, "initialBackoff");
    return this;
  }

  public Duration maxBackoff() {
    return maxBackoff;
  }

  public HubClientOptions setMaxBackoff(Duration maxBackoff) {
    this.maxBackoff = Objects.requireNonNull(maxBackoff, "maxBackoff");
    return this;
  }

  /** Whether subscriptions ask for batched frames (the protocol's {@code batch}, docs/websocket.md); handlers see single events either way. */
  public boolean batch() {
    return batch;
  }

  public HubClientOptions setBatch(boolean batch) {
    this.batch = batch;
    return this;
  }
}
