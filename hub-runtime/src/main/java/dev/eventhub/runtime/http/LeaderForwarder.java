package dev.eventhub.runtime.http;

import dev.eventhub.api.ErrorCode;
import dev.eventhub.api.HubException;
import dev.eventhub.runtime.cluster.ClusterView;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The last route of a clustered node's router: a request that no local route answered, on a node that
 * is not the leader, is for a plugin that runs on the leader only (here it is on standby), so it is
 * sent on to the leader and the leader's answer is streamed back. Everywhere else (not clustered,
 * the leader itself, the hub's own paths) it passes the request on to the usual 404.
 *
 * <p>Bodies are streamed both ways, never held whole. No leader known, or the leader unreachable or
 * silent for the timeout: {@code 503 unavailable}, which clients may retry.
 */
public final class LeaderForwarder implements Handler<RoutingContext> {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
  /** Marks a forwarded request, so that two nodes that each take the other for the leader never loop. */
  static final String FORWARDED_BY_HUB = "X-Hub-Forwarded";
  private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "transfer-encoding", "upgrade",
      "te", "trailer", "trailers", "host", "expect");

  private final ClusterView cluster;
  private final HttpClient client;
  private final long timeoutMillis;

  private LeaderForwarder(Vertx vertx, ClusterView cluster, Duration timeout) {
    this.cluster = cluster;
    this.timeoutMillis = timeout.toMillis();
    // The client must hand bodies on as they are: no decompression, and no pooling limit lower than the server's load.
    this.client = vertx.createHttpClient(new HttpClientOptions().setDecompressionSupported(false)
        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMillis)));
  }

  /** A forwarder with {@link #DEFAULT_TIMEOUT}; {@link #close()} releases its HTTP client. */
  public static LeaderForwarder create(Vertx vertx, ClusterView cluster) {
    return create(vertx, cluster, DEFAULT_TIMEOUT);
  }

  /**
   * @param timeout how long connecting to the leader, and each wait for data from it, may take
   */
  public static LeaderForwarder create(Vertx vertx, ClusterView cluster, Duration timeout) {
    return new LeaderForwarder(vertx, cluster, timeout);
  }

  /** Closes the HTTP client; requests in flight fail. */
  public Future<Void> close() {
    return client.close();
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (!cluster.clustered() || cluster.isLeader() || !forwardable(ctx.normalizedPath())) {
      ctx.next();
      return;
    }
    HttpServerRequest request = ctx.request();
    // Before anything asynchronous: the body must wait for the leader's connection.
    request.pause();
    String leader = cluster.leaderHttpBase();
    if (request.headers().contains(FORWARDED_BY_HUB)) {
      refuse(ctx, "the request was forwarded to a node that is not the cluster leader; retry");
    } else if (leader == null) {
      refuse(ctx, "no cluster leader; retry");
    } else {
      forward(ctx, stripSlash(leader));
    }
  }

  // A path the hub itself serves never goes to the leader, even for a method it does not serve.
  static boolean forwardable(String path) {
    return path != null && path.length() > 1 && !PluginRoutes.isReserved(path);
  }

  private void forward(RoutingContext ctx, String leader) {
    HttpServerRequest request = ctx.request();
    RequestOptions options = new RequestOptions()
        .setMethod(request.method())
        .setAbsoluteURI(leader + originForm(request))
        .setHeaders(requestHeaders(request))
        .setConnectTimeout(timeoutMillis)
        .setIdleTimeout(timeoutMillis);
    if ("100-continue".equalsIgnoreCase(request.getHeader("Expect"))) {
      ctx.response().writeContinue();
    }
    client.request(options)
        .compose(out -> {
          ctx.response().closeHandler(v -> out.reset());
          return hasBody(request) ? out.send(request) : out.send().onComplete(ar -> request.resume());
        })
        .onComplete(ar -> {
          if (ar.failed()) {
            request.resume();
            Errors.respond(ctx, new HubException(ErrorCode.UNAVAILABLE,
                "the cluster leader at " + leader + " cannot be reached (" + ar.cause().getMessage() + "); retry"));
          } else {
            relay(ar.result(), ctx.response(), request.method());
          }
        });
  }

  private static void relay(HttpClientResponse in, HttpServerResponse out, HttpMethod method) {
    out.setStatusCode(in.statusCode());
    if (in.statusMessage() != null) {
      out.setStatusMessage(in.statusMessage());
    }
    copy(in.headers(), out.headers());
    int status = in.statusCode();
    boolean bodyless = method == HttpMethod.HEAD || status == 204 || status == 304 || status < 200;
    if (!bodyless && !in.headers().contains("Content-Length")) {
      out.setChunked(true);
    }
    // A leader that fails mid-body must not look like a complete answer: reset instead of ending.
    in.pipe().endOnFailure(false).to(out).onFailure(e -> {
      in.request().reset();
      Errors.respond(out, new HubException(ErrorCode.UNAVAILABLE, "the cluster leader's answer broke off"));
    });
  }

  private static MultiMap requestHeaders(HttpServerRequest request) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    copy(request.headers(), headers);
    String client = request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
    String chain = request.getHeader("X-Forwarded-For");
    if (client != null) {
      headers.set("X-Forwarded-For", chain == null ? client : chain + ", " + client);
    }
    if (!headers.contains("X-Forwarded-Host") && request.getHeader("Host") != null) {
      headers.set("X-Forwarded-Host", request.getHeader("Host"));
    }
    if (!headers.contains("X-Forwarded-Proto")) {
      headers.set("X-Forwarded-Proto", request.isSSL() ? "https" : "http");
    }
    headers.set(FORWARDED_BY_HUB, "1");
    return headers;
  }

  // Copies end-to-end headers only: hop-by-hop ones (RFC 9110 7.6.1) and those Connection names stay behind.
  private static void copy(MultiMap from, MultiMap to) {
    Set<String> skip = new HashSet<>(HOP_BY_HOP);
    for (String connection : from.getAll("Connection")) {
      for (String token : connection.split(",")) {
        skip.add(token.trim().toLowerCase(Locale.ROOT));
      }
    }
    for (Map.Entry<String, String> header : from) {
      String name = header.getKey().toLowerCase(Locale.ROOT);
      if (!skip.contains(name) && !name.startsWith("proxy-")) {
        to.add(header.getKey(), header.getValue());
      }
    }
  }

  // HTTP/1.1 has a body only with a length or a transfer coding (RFC 9112 6.1).
  private static boolean hasBody(HttpServerRequest request) {
    String length = request.getHeader("Content-Length");
    return request.getHeader("Transfer-Encoding") != null || (length != null && !"0".equals(length.trim()));
  }

  private static String originForm(HttpServerRequest request) {
    String uri = request.uri();
    if (uri.startsWith("/")) {
      return uri;
    }
    return request.path() + (request.query() == null ? "" : "?" + request.query());
  }

  private static String stripSlash(String base) {
    return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
  }

  private static void refuse(RoutingContext ctx, String message) {
    ctx.request().resume();
    Errors.respond(ctx, new HubException(ErrorCode.UNAVAILABLE, message));
  }
}
