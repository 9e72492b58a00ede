package dev.eventhub.sources.scheduler.impl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.kit.auth.Grant;
import io.vertx.core.json.JsonObject;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Issue 17 item 7: what fires is checked against the grant stored with the schedule, not trusted. */
class DelegationTest {
  private static Action publish(String category) {
    return Action.parse(new JsonObject().put("type", "publish").put("category", category).put("event", "e"));
  }

  private static Action http() {
    return Action.parse(new JsonObject().put("type", "http").put("url", "https://example.com/x"));
  }

  @Test
  void shouldAllowWhatTheRecordedScopesAllow() {
    Grant grant = new Grant("alice", Set.of("publish:reports-*", "schedule:http"));

    assertThat(Delegation.denial(grant, publish("reports-daily"))).isNull();
    assertThat(Delegation.denial(grant, http())).isNull();
    assertThat(Delegation.denial(new Grant("root", Set.of("admin")), http())).isNull();
  }

  @Test
  void shouldDenyAForgedActionBeyondTheRecordedScopes() {
    Grant grant = new Grant("alice", Set.of("publish:reports"));

    assertThat(Delegation.denial(grant, publish("orders"))).contains("publish:orders").contains("alice");
    assertThat(Delegation.denial(grant, http())).contains("schedule:http");
  }

  @Test
  void shouldDenyEverythingToARecordWithoutAGrant() {
    Grant legacy = Grant.fromJson(null);

    assertThat(Delegation.denial(legacy, publish("reports"))).contains("no recorded owner");
    assertThat(Delegation.denial(legacy, http())).contains("no recorded owner");
    assertThat(Delegation.denial(Grant.fromJson(new JsonObject().put("subject", "x").put("scopes", "publish:*")),
        publish("reports"))).contains("no recorded owner");
  }
}
