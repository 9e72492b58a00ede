package dev.eventhub.kit.http;

import dev.eventhub.api.spi.OutboundSettings;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * Calls URLs that callers of the hub gave (webhook targets, HTTP actions) with what such a call can
 * cost bounded:
 *
 * <ul>
 *   <li>where it goes: the target's name is resolved and checked by an {@link OutboundGuard}, and the
 *       connection goes to the checked address (the {@code Host} header, TLS SNI and certificate
 *       checks keep the URL's name); redirects are never followed;
 *   <li>how long it takes: one deadline covers the whole attempt (resolving, connecting, sending,
 *       the headers and the body of the answer), after which the request is reset;
 *   <li>how much of the answer is read: at most {@code maxBodyBytes}; beyond that, reading stops
 *       and the request is reset (the status still counts).
 * </ul>
 *
 * <p>Every call carries the {@value OutboundSettings#HOP_HEADER} header with the hub's hop id. Use
 * from one Vert.x context at a time per call; the client itself is thread-safe.
 */
public final class OutboundClient {
  /**
   * How the client connects.
   *
   * @param userAgent the {@code User-Agent} header
   * @param connectTimeout the longest a connection may take to open
   * @param idleTimeout the longest a connection may stay silent
   * @param maxConnectionsPerTarget connections per host and port
   * @param maxWaitQueue requests that may wait for a connection, beyond which they fail at once
   */
  public record Options(String userAgent, Duration connectTimeout, Duration idleTimeout, int maxConnectionsPerTarget,
      int maxWaitQueue) {}

  /**
   * One call.
   *
   * @param url an absolute http or https URL
   * @param headers extra headers, or {@code null}
   * @param body the body, or {@code null} for none
   * @param deadline the longest the whole attempt may take
   * @param maxBodyBytes how much of the answer's body is kept; reading stops beyond it
   */
  public record Call(HttpMethod method, String url, MultiMap headers, Buffer body, Duration deadline,
      int maxBodyBytes) {}

  /**
   * An answer.
   *
   * @param body at most the call's {@code maxBodyBytes} of the body
   * @param truncated whether the body was longer, and reading stopped
   */
  public record Answer(int status, Buffer body, boolean truncated) {}

  private final Vertx vertx;
  private final OutboundGuard guard;
  private final HttpClientAgent client;
  private final Options options;

  public OutboundClient(Vertx vertx, OutboundGuard guard, Options options) {
    this.vertx = vertx;
    this.guard = guard;
    this.options = options;
    HttpClientOptions http = new HttpClientOptions()
        .setDecompressionSupported(false)
        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, options.connectTimeout().toMillis()))
        .setKeepAliveTimeout(30);
    PoolOptions pool = new PoolOptions()
        .setHttp1MaxSize(options.maxConnectionsPerTarget())
        .setHttp2MaxSize(options.maxConnectionsPerTarget())
        .setMaxWaitQueueSize(options.maxWaitQueue());
    this.client = vertx.createHttpClient(http, pool);
  }

  /** The guard that checks where calls go. */
  public OutboundGuard guard() {
    return guard;
  }

  /**
   * Makes one call. Fails with an {@link OutboundGuard.RefusedAddressException} naming the rule
   * when the target's address is refused, a {@link TimeoutException} when the deadline passes, or
   * what the connection failed with.
   */
  public Future<Answer> send(Call call) {
    Attempt attempt = new Attempt(call);
    attempt.start();
    return attempt.done.future();
  }

  /** Closes the connections. */
  public Future<Void> close() {
    return client.close();
  }

  /** One call under way: its deadline, its request once there is one, what it has read. */
  private final class Attempt {
    private final Call call;
    private final Promise<Answer> done = Promise.promise();
    private final Buffer body = Buffer.buffer();
    private volatile HttpClientRequest request;
    private long timer = -1;

    Attempt(Call call) {
      this.call = call;
    }

    void start() {
      long deadline = Math.max(1, call.deadline().toMillis());
      timer = vertx.setTimer(deadline, id -> fail(new TimeoutException("timeout: no complete answer within " + deadline
          + "ms")));
      URI uri;
      try {
        uri = URI.create(call.url());
      } catch (IllegalArgumentException e) {
        fail(e);
        return;
      }
      guard.resolve(uri.getHost())
          .compose(address -> client.request(options(uri, address)))
          .compose(this::send)
          .onComplete(ar -> {
            if (ar.failed()) {
              fail(ar.cause());
            } else {
              read(ar.result());
            }
          });
    }

    private RequestOptions options(URI uri, InetAddress address) {
      boolean tls = "https".equalsIgnoreCase(uri.getScheme());
      int port = uri.getPort() >= 0 ? uri.getPort() : tls ? 443 : 80;
      // The URL gives the Host header, SNI and the name the certificate must match; the connection
      // goes to the address the guard checked, not to a second lookup of the name.
      RequestOptions request = new RequestOptions()
          .setMethod(call.method())
          .setAbsoluteURI(call.url())
          .setServer(SocketAddress.inetSocketAddress(port, address.getHostAddress()))
          .setFollowRedirects(false)
          .setConnectTimeout(options.connectTimeout().toMillis())
          .setIdleTimeout(options.idleTimeout().toMillis());
      if (call.headers() != null) {
        request.setHeaders(MultiMap.caseInsensitiveMultiMap().addAll(call.headers()));
      }
      request.putHeader("User-Agent", options.userAgent())
          .putHeader(OutboundSettings.HOP_HEADER, guard.settings().hopId());
      return request;
    }

    private Future<HttpClientResponse> send(HttpClientRequest req) {
      if (done.future().isComplete()) {
        req.reset();
        return Future.failedFuture(done.future().cause());
      }
      request = req;
      return call.body() == null ? req.send() : req.send(call.body());
    }

    private void read(HttpClientResponse response) {
      if (done.future().isComplete()) {
        return;
      }
      response.exceptionHandler(this::fail);
      response.handler(chunk -> {
        int room = call.maxBodyBytes() - body.length();
        if (chunk.length() <= room) {
          body.appendBuffer(chunk);
          return;
        }
        // Over the limit: keep what fits and stop reading; the status is still the answer.
        body.appendBuffer(chunk, 0, Math.max(0, room));
        finish(new Answer(response.statusCode(), body, true));
        request.reset();
      });
      response.endHandler(v -> finish(new Answer(response.statusCode(), body, false)));
    }

    private void finish(Answer answer) {
      if (done.tryComplete(answer)) {
        vertx.cancelTimer(timer);
      }
    }

    private void fail(Throwable cause) {
      if (done.tryFail(cause)) {
        vertx.cancelTimer(timer);
        if (request != null) {
          request.reset(0, cause);
        }
      }
    }
  }
}
