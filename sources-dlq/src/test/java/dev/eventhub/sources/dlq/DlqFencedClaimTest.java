package dev.eventhub.sources.dlq;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.runtime.testing.FakeClusterView;
import dev.eventhub.runtime.testing.FencedLogDouble;
import dev.eventhub.runtime.testing.PlacementHub;
import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A resubmission is claimed in storage before the payload goes back to its origin: on a node whose
 * leader writes are fenced (no longer the cluster's leader) the claim fails and nothing is sent. The
 * queue runs as on a cluster's leader, writing through a {@link FencedLogDouble}.
 */
class DlqFencedClaimTest {
  @TempDir Path dir;
  PlacementHub node;
  FencedLogDouble leaderLog;
  final List<Object> received = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() {
    node = PlacementHub.start(TestHub.config(dir), vertx -> new FakeClusterView(vertx).initiallyLeader(true),
        log -> leaderLog = new FencedLogDouble(log));
    MessageConsumer<Object> origin = node.vertx().eventBus().consumer("test.origin", m -> {
      received.add(m.body());
      m.reply(new JsonObject());
    });
    TestHub.await(origin.completion());
  }

  @AfterEach
  void stop() {
    node.close();
  }

  @Test
  void shouldSendNothingBackWhenTheClaimOfTheResubmissionFails() {
    Message<JsonObject> parked = TestHub.await(node.vertx().eventBus().request("dlq.park", new JsonObject()
        .put("origin", new JsonObject().put("plugin", "webhook").put("address", "test.origin"))
        .put("reason", "could not deliver").put("payload", new JsonObject().put("n", 1))));
    String id = parked.body().getString("id");

    leaderLog.fence(true);
    var r = node.send(io.vertx.core.http.HttpMethod.POST, "/api/dlq/entries/" + id + "/resubmit", node.adminToken(),
        null);

    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(503);
    assertThat(r.bodyAsJsonObject().getString("message")).contains(FencedLogDouble.FENCED);
    assertThat(received).isEmpty();

    leaderLog.fence(false);
    var again = node.send(io.vertx.core.http.HttpMethod.POST, "/api/dlq/entries/" + id + "/resubmit",
        node.adminToken(), null);
    assertThat(again.statusCode()).as(again.bodyAsString()).isEqualTo(200);
    assertThat(received).hasSize(1);
  }
}
