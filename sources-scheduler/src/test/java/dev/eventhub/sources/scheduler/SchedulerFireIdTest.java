package dev.eventhub.sources.scheduler;

import static dev.eventhub.runtime.testing.HttpAssertions.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.api.HubEvent;
import dev.eventhub.runtime.testing.EventRecorder;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A fire is identified by its schedule and its due time, never by when it ran: two nodes that fire
 * the same occurrence (a paused leader that wakes, and the leader after it) give its events the same
 * ids (the log records them once) and its HTTP call the same {@code Idempotency-Key}, which every
 * attempt of the call carries.
 */
class SchedulerFireIdTest extends SchedulerTestBase {
  FlakyServer server;

  @BeforeEach
  void startHubAndServer() {
    start();
    server = new FlakyServer();
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  /** The documented derivation: a name-based UUID of the schedule's name, its creation time and the occurrence. */
  private static String fireId(String name, String createdAt, String occurrence) {
    return UUID.nameUUIDFromBytes((name + "\n" + createdAt + "\n" + occurrence).getBytes(StandardCharsets.UTF_8))
        .toString();
  }

  private JsonObject httpAction(int attempts) {
    return new JsonObject().put("type", "http").put("method", "POST").put("url", server.url("/jobs"))
        .put("retry", new JsonObject().put("attempts", attempts).put("backoff", "20ms"));
  }

  @Test
  void shouldIdentifyAFireByItsScheduleAndDueTime() {
    EventRecorder reports = EventRecorder.of(hub, "reports");
    JsonObject created = create(interval("tick", "1s", publishAction("reports", "tick")));

    HubEvent executed = events.next("schedule-executed", "tick");
    String occurrence = executed.data().getString("occurrence");
    String id = executed.data().getString("executionId");
    assertThat(id).isEqualTo(fireId("tick", created.getString("createdAt"), occurrence));
    assertThat(executed.id()).isEqualTo("scheduler-" + id + "-executed");
    assertThat(reports.next("tick", null).id()).isEqualTo("scheduler-" + id);
    HubEvent completed = events.next("execution-completed", "tick");
    assertThat(completed.id()).isEqualTo("scheduler-" + id + "-completed");
    assertThat(executions("tick").get(0).getString("executionId")).isEqualTo(id);
    reports.close();
  }

  @Test
  void shouldSendTheSameIdempotencyKeyOnEveryAttemptOfAFire() {
    server.failuresLeft.set(2);
    JsonObject created = create(interval("polled", "1h", httpAction(3)).put("trigger",
        new JsonObject().put("type", "interval").put("every", "1s")));

    HubEvent executed = events.next("schedule-executed", "polled");
    HubEvent completed = events.next("execution-completed", "polled");
    assertThat(completed.data().getInteger("attempts")).isEqualTo(3);
    String id = executed.data().getString("executionId");
    assertThat(id).isEqualTo(fireId("polled", created.getString("createdAt"), executed.data().getString("occurrence")));
    assertThat(server.idempotencyKeys.subList(0, 3)).containsOnly(id);
  }

  @Test
  void shouldSendOneIdempotencyKeyPerManualRunAndKeepItAcrossItsRetries() {
    server.failuresLeft.set(1);
    create(interval("manual", "1h", httpAction(2)).put("state", "paused"));

    ok(hub.post("/api/scheduler/schedules/manual/run", token, null), 202);
    HubEvent first = events.next("execution-completed", "manual");
    ok(hub.post("/api/scheduler/schedules/manual/run", token, null), 202);
    HubEvent second = events.next("execution-completed", "manual");

    assertThat(server.idempotencyKeys).hasSize(3);
    assertThat(server.idempotencyKeys.subList(0, 2)).containsOnly(first.data().getString("executionId"));
    assertThat(server.idempotencyKeys.get(2)).isEqualTo(second.data().getString("executionId"))
        .isNotEqualTo(server.idempotencyKeys.get(0));
  }

  @Test
  void shouldKeepAnIdempotencyKeyTheActionSetsItself() {
    create(interval("own", "1h", httpAction(1).put("headers", new JsonObject().put("Idempotency-Key", "mine")))
        .put("state", "paused"));

    ok(hub.post("/api/scheduler/schedules/own/run", token, null), 202);
    events.next("execution-completed", "own");

    assertThat(server.idempotencyKeys).containsExactly("mine");
  }
}
