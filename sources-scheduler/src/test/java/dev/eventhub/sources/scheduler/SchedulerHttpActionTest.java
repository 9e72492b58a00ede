package dev.eventhub.sources.scheduler;

import static dev.eventhub.runtime.testing.HttpAssertions.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.api.HubEvent;
import dev.eventhub.runtime.testing.EventRecorder;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SchedulerHttpActionTest extends SchedulerTestBase {
  FlakyServer server;
  EventRecorder dlqEvents;

  @BeforeEach
  void startHubAndServer() {
    start();
    server = new FlakyServer();
    dlqEvents = EventRecorder.of(hub, "dlq");
  }

  @AfterEach
  void stopServer() {
    dlqEvents.close();
    server.close();
  }

  private JsonObject httpAction(int attempts) {
    return new JsonObject().put("type", "http").put("method", "PUT").put("url", server.url("/jobs/run?x=1"))
        .put("headers", new JsonObject().put("X-Job", "nightly"))
        .put("body", new JsonObject().put("report", "sales"))
        .put("timeout", "30s") // only the hanging endpoint's test needs it to fire, and sets its own
        .put("retry", new JsonObject().put("attempts", attempts).put("backoff", "50ms"));
  }

  private JsonObject createPaused(String name, JsonObject action) {
    return create(interval(name, "1h", action).put("state", "paused"));
  }

  @Test
  void shouldCallTheEndpointWithItsMethodHeadersAndJsonBody() {
    createPaused("call", httpAction(1));

    ok(hub.post("/api/scheduler/schedules/call/run", token, null), 202);

    HubEvent completed = events.next("execution-completed", "call");
    assertThat(completed.data().getBoolean("success")).isTrue();
    assertThat(completed.data().getInteger("status")).isEqualTo(200);
    assertThat(completed.data().getInteger("attempts")).isEqualTo(1);
    assertThat(server.calls).containsExactly(new FlakyServer.Call("PUT", "/jobs/run?x=1", "application/json",
        "nightly", "{\"report\":\"sales\"}"));
  }

  @Test
  void shouldFireAnHttpActionOnItsInterval() {
    create(interval("polled", "1s", httpAction(1)));

    events.next("execution-completed", "polled");
    events.next("execution-completed", "polled");

    assertThat(server.calls).hasSizeGreaterThanOrEqualTo(2);
  }

  @Test
  void shouldRetryAfterFailuresWithBackoffAndSucceed() {
    server.failuresLeft.set(2);
    createPaused("retried", httpAction(3));

    ok(hub.post("/api/scheduler/schedules/retried/run", token, null), 202);

    HubEvent completed = events.next("execution-completed", "retried");
    assertThat(completed.data().getBoolean("success")).isTrue();
    assertThat(completed.data().getInteger("attempts")).isEqualTo(3);
    assertThat(completed.data().getString("deadLetterId")).isNull();
    assertThat(server.calls).hasSize(3);
    assertThat(dlqEvents.seen()).isEmpty();
  }

  @Test
  void shouldParkTheCallInTheDeadLetterQueueAfterTheLastAttemptAndRunItAgainOnResubmit() {
    server.failuresLeft.set(100);
    createPaused("doomed", httpAction(2));

    ok(hub.post("/api/scheduler/schedules/doomed/run", token, null), 202);

    HubEvent completed = events.next("execution-completed", "doomed");
    assertThat(completed.data().getBoolean("success")).isFalse();
    assertThat(completed.data().getInteger("status")).isEqualTo(503);
    assertThat(completed.data().getInteger("attempts")).isEqualTo(2);
    assertThat(completed.data().getString("error")).contains("HTTP 503");
    String entryId = completed.data().getString("deadLetterId");
    assertThat(entryId).isNotNull();
    assertThat(server.calls).hasSize(2);
    JsonObject entry = get("/api/dlq/entries/" + entryId);
    assertThat(entry.getJsonObject("origin").getString("plugin")).isEqualTo("scheduler");
    assertThat(entry.getJsonObject("origin").getString("address")).isEqualTo("scheduler.retry");
    assertThat(entry.getInteger("attempts")).isEqualTo(2);
    assertThat(entry.getJsonObject("payload").getString("schedule")).isEqualTo("doomed");
    assertThat(dlqEvents.next("entry-added", entryId).data().getString("category")).isEqualTo("scheduler");
    List<JsonObject> failed = executions("doomed");
    assertThat(failed.get(0).getString("deadLetterId")).isEqualTo(entryId);

    // Still failing: the queue keeps it, one attempt more, and the scheduler makes exactly one call.
    JsonObject stillFailing = post("/api/dlq/entries/" + entryId + "/resubmit");
    assertThat(stillFailing.getBoolean("success")).isFalse();
    assertThat(server.calls).hasSize(3);

    server.failuresLeft.set(0);
    JsonObject resubmitted = post("/api/dlq/entries/" + entryId + "/resubmit");

    assertThat(resubmitted.getBoolean("success")).isTrue();
    assertThat(resubmitted.getJsonObject("entry").getString("state")).isEqualTo("resolved");
    assertThat(server.calls).hasSize(4);
    List<JsonObject> all = executions("doomed");
    assertThat(all.get(0).getString("trigger")).isEqualTo("resubmit");
    assertThat(all.get(0).getString("state")).isEqualTo("succeeded");
    assertThat(all.get(1).getString("trigger")).isEqualTo("resubmit");
    assertThat(all.get(1).getString("state")).isEqualTo("failed");
    assertThat(all.get(1).getString("deadLetterId")).isNull();
  }

  @Test
  void shouldTimeOutAnEndpointThatNeverAnswersAndParkIt() {
    server.hang.set(true);
    createPaused("slow", httpAction(1).put("timeout", "300ms"));

    ok(hub.post("/api/scheduler/schedules/slow/run", token, null), 202);

    HubEvent completed = events.next("execution-completed", "slow");
    assertThat(completed.data().getBoolean("success")).isFalse();
    assertThat(completed.data().getInteger("status")).isNull();
    assertThat(completed.data().getString("error")).containsIgnoringCase("timeout");
    // Not before the timeout; how long after depends on how busy the machine is.
    assertThat(completed.data().getLong("durationMs")).isGreaterThanOrEqualTo(250L);
    assertThat(completed.data().getString("deadLetterId")).isNotNull();
  }

  @Test
  void shouldRecordWhyAFailedCallCouldNotBeParkedWhenTheQueueIsFull() {
    dlqEvents.close();
    stopHub();
    start(c -> c.with("plugins.dlq.maxEntries", 1));
    dlqEvents = EventRecorder.of(hub, "dlq");
    server.failuresLeft.set(100);
    createPaused("overflow", httpAction(1));

    ok(hub.post("/api/scheduler/schedules/overflow/run", token, null), 202);
    HubEvent first = events.next("execution-completed", "overflow");
    ok(hub.post("/api/scheduler/schedules/overflow/run", token, null), 202);
    HubEvent second = events.next("execution-completed", "overflow");

    assertThat(first.data().getString("deadLetterId")).isNotNull();
    assertThat(second.data().getString("deadLetterId")).isNull();
    assertThat(second.data().getString("deadLetterError")).contains("full");
    assertThat(executions("overflow").get(0).getString("deadLetterError")).contains("full");
  }
}
