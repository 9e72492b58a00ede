package dev.eventhub.sources.scheduler;

import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** A real local HTTP server on port 0 that fails the first N requests with 503, or never answers. */
final class FlakyServer implements AutoCloseable {
  /** What one request carried. */
  record Call(String method, String path, String contentType, String header, String body) {}

  final List<Call> calls = new CopyOnWriteArrayList<>();
  /** The {@code Idempotency-Key} header of each request, in order (null where there was none). */
  final List<String> idempotencyKeys = new CopyOnWriteArrayList<>();
  final AtomicInteger failuresLeft = new AtomicInteger();
  final AtomicBoolean hang = new AtomicBoolean();
  // A Vert.x of its own, so that the server outlives hub restarts within a test.
  private final Vertx vertx = Vertx.vertx();
  private final HttpServer server;

  FlakyServer() {
    server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
      idempotencyKeys.add(req.getHeader("Idempotency-Key"));
      calls.add(new Call(req.method().name(), req.uri(), req.getHeader("Content-Type"), req.getHeader("X-Job"),
          body.toString()));
      if (hang.get()) {
        return;
      }
      if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        req.response().setStatusCode(503).end("try later");
      } else {
        req.response().setStatusCode(200).end(new JsonObject().put("ok", true).encode());
      }
    }));
    TestHub.await(server.listen(0, "127.0.0.1"));
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.actualPort() + path;
  }

  @Override
  public void close() {
    TestHub.await(vertx.close());
  }
}
