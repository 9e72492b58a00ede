package dev.eventhub.runtime.cluster.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.api.ErrorCode;
import dev.eventhub.api.HubException;
import dev.eventhub.kafka.testing.KafkaTestCluster;
import dev.eventhub.runtime.testing.Eventually;
import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A broker of its own, killed and restarted: what a node answers while Kafka is gone, and after. */
class KafkaOutageTest {
  private static final Logger KAFKA = Logger.getLogger("org.apache.kafka");

  static {
    // The clients warn at every reconnection attempt while the broker is down.
    KAFKA.setLevel(Level.SEVERE);
  }

  @TempDir Path dir;
  KafkaTestCluster broker;
  TestHub hub;

  @AfterEach
  void stop() {
    if (hub != null) {
      hub.close();
    }
    if (broker != null) {
      broker.close();
    }
  }

  static JsonObject event(int n) {
    return new JsonObject().put("category", "orders").put("event", "created").put("data", new JsonObject().put("n", n));
  }

  @Test
  void shouldAnswer503WithRetryAfterAndNotReadyWhileKafkaIsDownAndRecoverAfter() {
    broker = KafkaTestCluster.start(1, dir.resolve("broker"));
    hub = TestHub.start(TestHub.config(dir.resolve("hub")).with("cluster.kafka.bootstrapServers",
            broker.bootstrapServers()).with("cluster.nodeId", "a").with("cluster.publishTimeout", "3s")
        .with("cluster.kafka.properties", new JsonObject().put("reconnect.backoff.max.ms", 500)));
    // On a busy machine the first publish may outlast the 3 s publish timeout while the producer starts up.
    Eventually.await(hub.vertx(), () -> hub.client().post("/api/events").bearerTokenAuthentication(hub.adminToken())
        .sendJsonObject(event(1).put("id", "first")).map(r -> r.statusCode() == 201 || r.statusCode() == 200));

    broker.kill(0);
    HttpResponse<Buffer> refused = hub.post("/api/events", hub.adminToken(), event(2).put("id", "during"));
    assertThat(refused.statusCode()).as(refused.bodyAsString()).isEqualTo(503);
    assertThat(refused.getHeader("Retry-After")).isNotNull();
    assertThat(refused.bodyAsJsonObject().getString("error")).isEqualTo("unavailable");
    Throwable write = TestHub.await(hub.hub().log().storage("p").put("c", "k", new JsonObject())
        .transform(ar -> Future.succeededFuture(ar.cause())));
    assertThat(write).isInstanceOf(HubException.class);
    assertThat(((HubException) write).code()).isEqualTo(ErrorCode.UNAVAILABLE);
    Eventually.await(hub.vertx(), () -> hub.client().get("/ready").send().map(r -> r.statusCode() == 503));

    broker.restart(0);
    Eventually.await(hub.vertx(), () -> hub.client().post("/api/events").bearerTokenAuthentication(hub.adminToken())
        .sendJsonObject(event(3)).map(r -> r.statusCode() == 201));
    Eventually.await(hub.vertx(), () -> hub.client().get("/ready").send().map(r -> r.statusCode() == 200));
    // The id refused during the outage, published again: recorded once, whatever became of the first try.
    HttpResponse<Buffer> retried = hub.post("/api/events", hub.adminToken(), event(2).put("id", "during"));
    assertThat(retried.statusCode()).isIn(200, 201);
  }
}
