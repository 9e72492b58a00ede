package dev.eventhub.sources.webhook;

import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP receiver on a loopback port, on a Vert.x of its own (it outlives hub restarts), that
 * answers each request as its current behaviour says and records what it received.
 */
final class Receiver implements AutoCloseable {
  /** How the receiver answers the request numbered {@code index} (from 0). */
  interface Behavior {
    void answer(HttpServerRequest request, int index);
  }

  /** A request as received, with the status it was answered (null when it was not answered). */
  record Request(int index, String path, MultiMap headers, Buffer body, Integer status) {
    JsonObject json() {
      return body.toJsonObject();
    }

    String eventId() {
      return json().getString("id");
    }
  }

  private final Vertx vertx = Vertx.vertx();
  private final HttpServer server;
  private final AtomicInteger count = new AtomicInteger();
  private final LinkedBlockingQueue<Request> requests = new LinkedBlockingQueue<>();
  private final List<Request> all = new ArrayList<>();
  final AtomicInteger closedConnections = new AtomicInteger();
  /** Completes when the first connection closes. */
  final java.util.concurrent.CompletableFuture<Void> connectionClosed = new java.util.concurrent.CompletableFuture<>();
  private volatile Behavior behavior = answer(200);
  // Requests whose event has this key are held unanswered until release().
  private volatile String stalledKey;
  private final List<io.vertx.core.http.HttpServerResponse> held = new ArrayList<>();

  Receiver() {
    server = TestHub.await(vertx.createHttpServer().requestHandler(this::handle)
        .connectionHandler(c -> c.closeHandler(v -> {
          closedConnections.incrementAndGet();
          connectionClosed.complete(null);
        })).listen(0, "127.0.0.1"));
  }

  void behave(Behavior behavior) {
    this.behavior = behavior;
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.actualPort() + path;
  }

  private void handle(HttpServerRequest request) {
    int index = count.getAndIncrement();
    Behavior current = behavior;
    request.body().onSuccess(body -> {
      String stall = stalledKey;
      if (stall != null && stall.equals(keyOf(body))) {
        synchronized (held) {
          held.add(request.response());
        }
      } else {
        current.answer(request, index);
      }
      Integer status = request.response().ended() || request.response().headWritten()
          ? request.response().getStatusCode() : null;
      Request r = new Request(index, request.path(), MultiMap.caseInsensitiveMultiMap().addAll(request.headers()),
          body, status);
      synchronized (all) {
        all.add(r);
      }
      requests.add(r);
    });
  }

  /** Holds the requests of events with {@code key} unanswered (a slow key) until {@link #release()}. */
  void stall(String key) {
    stalledKey = key;
  }

  /** Answers 200 to the held requests, and holds no more. */
  void release() {
    stalledKey = null;
    List<io.vertx.core.http.HttpServerResponse> responses;
    synchronized (held) {
      responses = List.copyOf(held);
      held.clear();
    }
    responses.forEach(r -> vertx.runOnContext(v -> r.setStatusCode(200).end()));
  }

  private static String keyOf(Buffer body) {
    try {
      return body.toJsonObject().getString("key");
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** The next request received, waiting at most the tests' timeout. */
  Request next() {
    try {
      Request r = requests.poll(TestHub.TIMEOUT_SECONDS, TimeUnit.SECONDS);
      if (r == null) {
        throw new AssertionError("no request within " + TestHub.TIMEOUT_SECONDS + "s; received " + all());
      }
      return r;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The next request answered with a 2xx. */
  Request nextAccepted() {
    while (true) {
      Request r = next();
      if (r.status() != null && r.status() >= 200 && r.status() < 300) {
        return r;
      }
    }
  }

  List<Request> all() {
    synchronized (all) {
      return List.copyOf(all);
    }
  }

  int count() {
    return count.get();
  }

  @Override
  public void close() {
    TestHub.await(vertx.close());
  }

  static Behavior answer(int status) {
    return (request, index) -> request.response().setStatusCode(status).end();
  }

  /** Answers {@code status} to the first {@code n} requests, then 200. */
  static Behavior failFirst(int n, int status) {
    return (request, index) -> request.response().setStatusCode(index < n ? status : 200).end();
  }

  /** Never answers the first {@code n} requests, then 200. */
  static Behavior hangFirst(int n) {
    return (request, index) -> {
      if (index >= n) {
        request.response().setStatusCode(200).end();
      }
    };
  }

  /** Redirects every request to itself. */
  static Behavior redirectToSelf() {
    return (request, index) -> request.response().setStatusCode(302).putHeader("Location", request.absoluteURI())
        .end();
  }

  /**
   * Answers 200 with a body of {@code bytes} bytes, written as fast as the client reads it; once
   * {@code probeAt} bytes are written, runs {@code probe} (on the receiver's own event loop).
   */
  static Behavior hugeBody(long bytes, long probeAt, Runnable probe) {
    return (request, index) -> {
      request.response().setStatusCode(200).putHeader("Content-Length", String.valueOf(bytes));
      write(request, Buffer.buffer(new byte[64 * 1024]), bytes, bytes - probeAt, probe);
    };
  }

  private static void write(HttpServerRequest request, Buffer chunk, long left, long probeBelow, Runnable probe) {
    var response = request.response();
    long remaining = left;
    while (remaining > 0 && !response.writeQueueFull()) {
      int n = (int) Math.min(chunk.length(), remaining);
      response.write(n == chunk.length() ? chunk : chunk.slice(0, n));
      if (remaining > probeBelow && remaining - n <= probeBelow) {
        probe.run();
      }
      remaining -= n;
    }
    if (remaining == 0) {
      response.end();
    } else {
      long rest = remaining;
      response.drainHandler(v -> write(request, chunk, rest, probeBelow, probe));
    }
  }

  /** Answers 200 to the first {@code n} with a body that never ends: a few bytes every 20 ms. Then 200. */
  static Behavior endlessFirst(int n) {
    return (request, index) -> {
      if (index >= n) {
        request.response().setStatusCode(200).end();
        return;
      }
      var response = request.response().setStatusCode(200).setChunked(true);
      response.write("[");
      Vertx vertx = Vertx.currentContext().owner();
      long timer = vertx.setPeriodic(20, id -> response.write("0,"));
      response.closeHandler(v -> vertx.cancelTimer(timer));
    };
  }
}
