package dev.eventhub.sources.webhook;

import static dev.eventhub.runtime.testing.HttpAssertions.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.api.HubEvent;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Targets that hang, trickle, answer huge bodies, redirect forever or keep failing cost a bounded amount. */
class TargetLimitsTest extends WebhookTestBase {
  @Test
  void shouldTimeOutATargetThatNeverAnswersAndRetry() {
    start(c -> c.with("plugins.webhook.delivery.idleTimeout", "300ms"));
    receiver.behave(Receiver.hangFirst(1));
    subscribe("slow", "/slow", "jobs");

    String id = publish("jobs", "a", null, null);

    HubEvent failed = events.next("webhook-failed", "slow");
    assertThat(failed.data().getString("error")).contains("timeout");
    assertThat(failed.data().getValue("status")).isNull();
    // Not before the timeout; how long after depends on how busy the machine is.
    assertThat(failed.data().getLong("durationMs")).isGreaterThanOrEqualTo(250L);
    HubEvent delivered = events.next("webhook-delivered", "slow");
    assertThat(delivered.data().getString("eventId")).isEqualTo(id);
    assertThat(delivered.data().getInteger("attempt")).isEqualTo(2);
  }

  @Test
  void shouldStopReadingAHugeAnswerBody() throws Exception {
    start();
    // 100 MiB: the hub reads a little of it (the status is what counts), then closes the connection
    // rather than reading, or buffering, the rest.
    receiver.behave(Receiver.hugeBody(100L << 20, 0, () -> { }));
    subscribe("huge", "/huge", "jobs");

    String id = publish("jobs", "a", null, null);

    HubEvent delivered = events.next("webhook-delivered", "huge");
    assertThat(delivered.data().getString("eventId")).isEqualTo(id);
    assertThat(delivered.data().getInteger("status")).isEqualTo(200);
    receiver.connectionClosed.get(dev.eventhub.runtime.testing.TestHub.TIMEOUT_SECONDS,
        java.util.concurrent.TimeUnit.SECONDS);
  }

  @Test
  void shouldCutOffATargetThatTricklesAnEndlessAnswerAtTheRequestTimeout() {
    start(c -> c.with("plugins.webhook.delivery.requestTimeout", "700ms"));
    receiver.behave(Receiver.endlessFirst(1));
    subscribe("trickle", "/t", "jobs");

    publish("jobs", "a", null, null);

    HubEvent failed = events.next("webhook-failed", "trickle");
    assertThat(failed.data().getString("error")).contains("no complete answer within 700ms");
    assertThat(failed.data().getLong("durationMs")).isGreaterThanOrEqualTo(650L);
    assertThat(events.next("webhook-delivered", "trickle").data().getInteger("attempt")).isEqualTo(2);
    // The hub closed the trickling connection rather than reading it forever.
    assertThat(receiver.closedConnections.get()).isGreaterThanOrEqualTo(1);
  }

  @Test
  void shouldNotFollowARedirectLoopAndParkAfterTheLastAttempt() {
    start();
    receiver.behave(Receiver.redirectToSelf());
    subscribe("loop", "/loop", "jobs");

    String id = publish("jobs", "a", null, null);

    HubEvent last = events.next(e -> e.event().equals("webhook-failed") && "loop".equals(e.key())
        && !e.data().getBoolean("willRetry"));
    assertThat(last.data().getInteger("status")).isEqualTo(302);
    assertThat(last.data().getString("error")).contains("redirects are not followed");
    assertThat(last.data().getInteger("attempt")).isEqualTo(3);
    assertThat(last.data().getBoolean("parked")).isTrue();
    assertThat(events.next("retry-completed", "loop").data().getString("outcome")).isEqualTo("parked");
    // One request per attempt: none of the redirects was followed.
    assertThat(receiver.count()).isEqualTo(3);
    assertThat(receiver.all().stream().map(Receiver.Request::eventId)).containsOnly(id);
  }

  @Test
  void shouldOpenTheTargetsCircuitBreakerAndCloseItOnceTheTargetRecovers() {
    start(c -> c.with("plugins.webhook.delivery.attempts", 40)
        .with("plugins.webhook.delivery.maxBackoff", "100ms")
        .with("plugins.webhook.circuitBreaker.maxFailures", 2)
        .with("plugins.webhook.circuitBreaker.resetTimeout", "300ms"));
    receiver.behave(Receiver.failFirst(3, 503));
    subscribe("fragile", "/f", "jobs");
    String target = receiver.url("").replaceAll("/$", "");

    String id = publish("jobs", "a", null, null);

    List<String> states = List.of(nextState(target), nextState(target), nextState(target), nextState(target),
        nextState(target));
    assertThat(states).containsExactly("open", "half-open", "open", "half-open", "closed");
    HubEvent delivered = events.next("webhook-delivered", "fragile");
    assertThat(delivered.data().getString("eventId")).isEqualTo(id);
    // While the breaker was open, attempts failed without a request: the target saw only four.
    assertThat(receiver.count()).isEqualTo(4);
    assertThat(events.seen().stream().anyMatch(e -> e.event().equals("webhook-failed")
        && e.data().getString("error").contains("circuit breaker"))).isTrue();
    assertThat(events.next("error-resolved", "fragile").data().getInteger("failedAttempts")).isGreaterThan(3);
    JsonObject status = ok(hub.get("/api/webhook/subscriptions/fragile", token), 200);
    assertThat(status.getString("circuitBreaker")).isEqualTo("closed");
  }

  private String nextState(String target) {
    HubEvent change = events.next("circuit-breaker-state-changed", target);
    assertThat(change.category()).isEqualTo("error-recovery");
    return change.data().getString("state");
  }
}
