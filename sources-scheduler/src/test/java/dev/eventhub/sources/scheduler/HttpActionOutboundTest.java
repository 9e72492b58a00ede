package dev.eventhub.sources.scheduler;

import static dev.eventhub.runtime.testing.HttpAssertions.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.api.HubEvent;
import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Where an HTTP action may go (issue 17 item 10: loopback, private and the like are refused unless
 * outbound.allowNetworks opens them) and what its answer may cost (item 12: a bounded read and a
 * total deadline). The names in the module's test hosts file resolve without a DNS server.
 */
class HttpActionOutboundTest extends SchedulerTestBase {
  private final Vertx vertx = Vertx.vertx();
  private final AtomicInteger requests = new AtomicInteger();
  private final CompletableFuture<Void> connectionClosed = new CompletableFuture<>();
  private volatile Consumer<HttpServerRequest> behavior = r -> r.response().end("ok");
  private final HttpServer server = TestHub.await(vertx.createHttpServer()
      .connectionHandler(c -> c.closeHandler(v -> connectionClosed.complete(null)))
      .requestHandler(r -> {
        requests.incrementAndGet();
        behavior.accept(r);
      }).listen(0, "127.0.0.1"));

  @AfterEach
  void stopServer() {
    TestHub.await(vertx.close());
  }

  private JsonObject action(String host, String timeout) {
    return new JsonObject().put("type", "http").put("method", "GET")
        .put("url", "http://" + host + ":" + server.actualPort() + "/job").put("timeout", timeout)
        .put("retry", new JsonObject().put("attempts", 1));
  }

  private HubEvent run(String name, JsonObject action) {
    create(interval(name, "1h", action).put("state", "paused"));
    ok(hub.post("/api/scheduler/schedules/" + name + "/run", token, null), 202);
    return events.next("execution-completed", name);
  }

  /** A hub with outbound calls as they are by default: nothing opened. */
  private void startClosed() {
    start(c -> c.with("outbound.allowNetworks", new JsonArray()));
  }

  @Test
  void shouldRefuseALiteralLoopbackTargetWhenTheScheduleIsCreated() {
    startClosed();

    JsonObject error = ok(hub.post("/api/scheduler/schedules", token,
        interval("inside", "1h", action("127.0.0.1", "5s"))), 400);

    assertThat(error.getString("error")).isEqualTo("bad_request");
    assertThat(error.getString("message")).contains("action.url").contains("loopback (127.0.0.0/8)")
        .contains("outbound.allowNetworks");
    JsonObject metadata = ok(hub.post("/api/scheduler/schedules", token, interval("metadata", "1h",
        action("169.254.169.254", "5s"))), 400);
    assertThat(metadata.getString("message")).contains("link-local (169.254.0.0/16)");
    assertThat(ok(hub.post("/api/scheduler/schedules", token, interval("local", "1h", action("localhost", "5s"))), 400)
        .getString("message")).contains("loopback");
  }

  @Test
  void shouldRecordAndParkACallToANameThatResolvesToARefusedAddress() {
    startClosed();

    HubEvent completed = run("rebound", action("loopback.hub.test", "5s"));

    assertThat(completed.data().getBoolean("success")).isFalse();
    assertThat(completed.data().getString("error")).contains("loopback.hub.test (127.0.0.1)")
        .contains("loopback (127.0.0.0/8)").contains("outbound.allowNetworks");
    assertThat(completed.data().getString("deadLetterId")).isNotNull();
    assertThat(requests.get()).isZero();
    HubEvent privateName = run("private", action("private.hub.test", "5s"));
    assertThat(privateName.data().getString("error")).contains("private (10.0.0.0/8)");
  }

  @Test
  void shouldKeepABoundedPartOfAnEndlessAnswerAndStopReading() throws Exception {
    start(c -> c.with("plugins.scheduler.http.maxResponseBytes", 2048));
    behavior = r -> endless(r.response().setChunked(true));

    HubEvent completed = run("endless", action("127.0.0.1", "10m"));

    assertThat(completed.data().getBoolean("success")).isTrue();
    assertThat(completed.data().getInteger("status")).isEqualTo(200);
    assertThat(completed.data().getInteger("responseBytes")).isEqualTo(2048);
    assertThat(completed.data().getBoolean("responseTruncated")).isTrue();
    // Reading stopped: the hub closed the connection rather than draining an answer without end.
    connectionClosed.get(TestHub.TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }

  @Test
  void shouldRecordTheSizeOfAnAnswerWithinTheLimit() {
    start();

    HubEvent completed = run("small", action("127.0.0.1", "5s"));

    assertThat(completed.data().getInteger("responseBytes")).isEqualTo(2);
    assertThat(completed.data().getBoolean("responseTruncated")).isFalse();
  }

  @Test
  void shouldFailAnAttemptWhoseAnswerTricklesPastItsTimeout() throws Exception {
    start();
    behavior = r -> {
      HttpServerResponse response = r.response().setChunked(true);
      vertx.setPeriodic(50, id -> {
        if (response.closed() || response.ended()) {
          vertx.cancelTimer(id);
        } else {
          response.write("x");
        }
      });
    };

    HubEvent completed = run("trickle", action("127.0.0.1", "700ms"));

    assertThat(completed.data().getBoolean("success")).isFalse();
    assertThat(completed.data().getInteger("status")).isNull();
    assertThat(completed.data().getString("error")).contains("no complete answer within 700ms");
    // The attempt is over for the target too: its connection is closed, not left trickling.
    connectionClosed.get(TestHub.TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }

  // Writes without end, a burst at a time, yielding the event loop between bursts so that the close
  // of the connection is seen.
  private void endless(HttpServerResponse response) {
    Buffer chunk = Buffer.buffer(new byte[8192]);
    for (int i = 0; i < 16 && !response.writeQueueFull() && !response.closed(); i++) {
      response.write(chunk);
    }
    if (response.closed()) {
      return;
    }
    if (response.writeQueueFull()) {
      response.drainHandler(v -> endless(response));
    } else {
      vertx.runOnContext(v -> endless(response));
    }
  }

}
