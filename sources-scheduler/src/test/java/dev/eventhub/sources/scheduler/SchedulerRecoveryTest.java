package dev.eventhub.sources.scheduler;

import static dev.eventhub.runtime.testing.HttpAssertions.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.api.HubEvent;
import dev.eventhub.runtime.testing.EventRecorder;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code error-recovery} events of HTTP actions (retries, the circuit breaker of each target
 * host, recoveries) and of dead-letter resubmissions, with the fields the webhook's have.
 */
class SchedulerRecoveryTest extends SchedulerTestBase {
  FlakyServer server;
  EventRecorder recovery;

  private void startWith(int breakerFailures) {
    start(c -> c.with("plugins.scheduler.http.circuitBreaker.maxFailures", breakerFailures)
        .with("plugins.scheduler.http.circuitBreaker.resetTimeout", "200ms"));
    server = new FlakyServer();
    recovery = EventRecorder.of(hub, "error-recovery");
  }

  @AfterEach
  void stopServer() {
    if (recovery != null) {
      recovery.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private JsonObject action(int attempts) {
    return new JsonObject().put("type", "http").put("method", "POST").put("url", server.url("/hook?token=s3cret"))
        .put("retry", new JsonObject().put("attempts", attempts).put("backoff", "20ms"));
  }

  private void run(String name) {
    ok(hub.post("/api/scheduler/schedules/" + name + "/run", token, null), 202);
  }

  private String target() {
    return server.url("").replace("/", "").replace("http:", "http://");
  }

  @Test
  void shouldReportARetryItsCompletionAndTheRecoveryOfAnHttpAction() {
    startWith(1000);
    server.failuresLeft.set(2);
    create(interval("flaky", "1h", action(3)).put("state", "paused"));

    run("flaky");

    HubEvent started = recovery.next("retry-started", "flaky");
    assertThat(started.data().getString("source")).isEqualTo("scheduler");
    assertThat(started.data().getString("schedule")).isEqualTo("flaky");
    assertThat(started.data().getString("target")).isEqualTo(target());
    assertThat(started.data().getString("error")).contains("HTTP 503").doesNotContain("s3cret");
    assertThat(started.data().getInteger("maxAttempts")).isEqualTo(3);
    assertThat(started.data().getLong("nextAttemptInMs")).isPositive();
    String execution = started.data().getString("executionId");
    HubEvent completed = recovery.next("retry-completed", "flaky");
    assertThat(completed.data().getString("executionId")).isEqualTo(execution);
    assertThat(completed.data().getInteger("attempts")).isEqualTo(3);
    assertThat(completed.data().getString("outcome")).isEqualTo("delivered");
    HubEvent resolved = recovery.next("error-resolved", "flaky");
    assertThat(resolved.data().getInteger("failedAttempts")).isEqualTo(2);
    assertThat(resolved.data().getString("failingSince")).isNotNull();
    assertThat(resolved.data().getString("target")).isEqualTo(target());
  }

  @Test
  void shouldOpenTheBreakerOfATargetHostAndCloseItWhenItAnswersAgain() {
    startWith(2);
    server.failuresLeft.set(100);
    create(interval("down", "1h", action(3)).put("state", "paused"));

    run("down");

    HubEvent open = recovery.next("circuit-breaker-state-changed", target());
    assertThat(open.data().getString("state")).isEqualTo("open");
    assertThat(open.data().getString("previousState")).isEqualTo("closed");
    assertThat(open.data().getString("source")).isEqualTo("scheduler");
    HubEvent completed = events.next("execution-completed", "down");
    // The third attempt found the breaker open and was not made.
    assertThat(server.calls).hasSize(2);
    assertThat(completed.data().getString("error")).contains("circuit breaker");
    assertThat(recovery.next("retry-completed", "down").data().getString("outcome")).isEqualTo("parked");

    assertThat(recovery.next("circuit-breaker-state-changed", target()).data().getString("state"))
        .isEqualTo("half-open");
    server.failuresLeft.set(0);
    run("down");
    assertThat(recovery.next("circuit-breaker-state-changed", target()).data().getString("state"))
        .isEqualTo("closed");
    assertThat(recovery.next("error-resolved", "down").data().getInteger("parked")).isEqualTo(1);
  }

  @Test
  void shouldReportADeadLetterResubmissionAsARetryAndItsSuccessAsResolved() {
    startWith(1000);
    server.failuresLeft.set(100);
    create(interval("parked", "1h", action(1)).put("state", "paused"));
    run("parked");
    String entry = events.next("execution-completed", "parked").data().getString("deadLetterId");

    ok(hub.post("/api/dlq/entries/" + entry + "/resubmit", token, null), 200);
    HubEvent again = recovery.next("retry-started", entry);
    assertThat(again.data().getString("source")).isEqualTo("dlq");
    assertThat(again.data().getString("deadLetterId")).isEqualTo(entry);
    assertThat(again.data().getString("origin")).isEqualTo("scheduler");
    HubEvent stillParked = recovery.next("retry-completed", entry);
    assertThat(stillParked.data().getString("outcome")).isEqualTo("parked");
    assertThat(stillParked.data().getString("error")).contains("503");

    server.failuresLeft.set(0);
    ok(hub.post("/api/dlq/entries/" + entry + "/resubmit", token, null), 200);
    recovery.next("retry-started", entry);
    assertThat(recovery.next("retry-completed", entry).data().getString("outcome")).isEqualTo("delivered");
    HubEvent resolved = recovery.next("error-resolved", entry);
    assertThat(resolved.data().getInteger("failedAttempts")).isEqualTo(2);
    assertThat(resolved.data().getString("failingSince")).isNotNull();
  }
}
