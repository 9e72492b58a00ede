package dev.eventhub.sinks.sse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.api.EventDraft;
import dev.eventhub.api.HubEvent;
import dev.eventhub.runtime.testing.TestHub;
import dev.eventhub.sinks.sse.SseClient.Message;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Per-key grants on GET /sse (issue 20 item 7): only the granted keys, in replay and live. */
class SseKeyGrantsTest {
  @TempDir Path dir;
  TestHub hub;
  SseClient client;

  @AfterEach
  void stop() throws Exception {
    if (client != null) {
      client.close();
    }
    hub.close();
  }

  @Test
  void shouldStreamOnlyTheGrantedKeysInReplayAndLive() throws Exception {
    hub = TestHub.start(dir);
    HubEvent start = publish("ks-start", null);
    List<HubEvent> sent = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      for (String key : new String[] {"job-1", "job-2", null, "job-12"}) {
        sent.add(publish("ks", key));
      }
    }
    client = SseClient.open(hub.port(), "/sse?categories=ks&since=" + URLEncoder.encode(start.cursor(),
        StandardCharsets.UTF_8), Map.of("Authorization", "Bearer " + hub.token("subscribe:ks/job-1*"))).read();
    assertThat(client.status).as(client.body).isEqualTo(200);
    assertThat(client.nextMessage().retry()).isEqualTo("2000");
    List<String> expected = sent.stream().filter(e -> e.key() != null && e.key().startsWith("job-1"))
        .map(HubEvent::id).toList();
    List<String> replayed = new ArrayList<>();
    for (int i = 0; i < expected.size(); i++) {
      replayed.add(new JsonObject(client.nextEvent().data()).getString("id"));
    }
    assertThat(replayed).isEqualTo(expected);
    Message complete = client.nextMessage();
    assertThat(complete.event()).isEqualTo("replay_complete");
    assertThat(new JsonObject(complete.data()).getLong("count")).isEqualTo(expected.size());
    publish("ks", "job-2");
    publish("ks", null);
    HubEvent mine = publish("ks", "job-1");
    assertThat(new JsonObject(client.nextEvent().data()).getString("id")).isEqualTo(mine.id());
  }

  @Test
  void shouldStillRefuseACategoryTheGrantDoesNotName() throws Exception {
    hub = TestHub.start(dir);
    client = SseClient.open(hub.port(), "/sse?categories=k*", Map.of("Authorization", "Bearer "
        + hub.token("subscribe:ks/job-1*")));
    assertThat(client.status).isEqualTo(403);
    assertThat(client.body).contains("subscribe:k*");
  }

  private HubEvent publish(String category, String key) {
    return TestHub.await(hub.hub().publisher().publish(EventDraft.of(category, "step", key, new JsonObject())));
  }
}
