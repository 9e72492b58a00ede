package dev.eventhub.kit.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.api.HubPrincipal;
import io.vertx.core.json.JsonObject;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RedactTest {
  @Test
  void shouldMaskEveryHeaderValue() {
    JsonObject masked = Redact.headers(new JsonObject().put("Authorization", "Bearer x").put("X-Env", "prod"));

    assertThat(masked.getMap()).containsOnlyKeys("Authorization", "X-Env").containsValues("***");
    assertThat(Redact.headers(null).isEmpty()).isTrue();
  }

  @Test
  void shouldMaskUserInfoAndSecretLookingQueryValues() {
    assertThat(Redact.url("https://user:pa55@host.example:8443/p?a=1")).isEqualTo("https://***@host.example:8443/p?a=1");
    assertThat(Redact.url("https://a@b:c@host/p")).isEqualTo("https://***@host/p");
    assertThat(Redact.url("http://host/p?token=abc&x=1&API_KEY=k#frag")).isEqualTo("http://host/p?token=***&x=1&API_KEY=***#frag");
    assertThat(Redact.url("http://host/p@x?q=a@b")).isEqualTo("http://host/p@x?q=a@b");
    assertThat(Redact.url("https://host/")).isEqualTo("https://host/");
    assertThat(Redact.hasUserInfo("https://u@host/")).isTrue();
    assertThat(Redact.hasUserInfo("https://host/@x")).isFalse();
  }

  @Test
  void shouldRoundTripAGrantAndReadAnythingElseAsNone() {
    Grant grant = Grant.of(new HubPrincipal("alice", Set.of("publish:a", "subscribe:b-*"), null));

    Grant read = Grant.fromJson(grant.toJson());
    assertThat(read).isEqualTo(grant);
    assertThat(read.canPublish("a")).isTrue();
    assertThat(read.canSubscribe("b-1")).isTrue();
    assertThat(read.canCallHttp()).isFalse();
    assertThat(Grant.fromJson(new JsonObject().put("subject", "x")).recorded()).isFalse();
    assertThat(Grant.NONE.canPublish("a")).isFalse();
  }
}
