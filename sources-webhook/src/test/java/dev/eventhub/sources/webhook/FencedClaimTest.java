package dev.eventhub.sources.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.api.spi.StoredDocument;
import dev.eventhub.runtime.testing.Eventually;
import dev.eventhub.runtime.testing.FakeClusterView;
import dev.eventhub.runtime.testing.FencedLogDouble;
import dev.eventhub.runtime.testing.PlacementHub;
import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A delivery attempt is claimed in the plugin's storage before it is sent, and a claim that cannot be
 * recorded (in a cluster: a node that is no longer the leader, whose writes are fenced) sends nothing.
 * The plugin runs as on a cluster's leader, writing through a {@link FencedLogDouble}.
 */
class FencedClaimTest {
  @TempDir Path dir;
  Receiver receiver;
  PlacementHub node;
  FencedLogDouble leaderLog;

  @BeforeEach
  void start() {
    receiver = new Receiver();
    node = PlacementHub.start(WebhookTestBase.fast(TestHub.config(dir)),
        vertx -> new FakeClusterView(vertx).initiallyLeader(true), log -> leaderLog = new FencedLogDouble(log));
    JsonObject subscription = new JsonObject().put("id", "jobs").put("url", receiver.url("/jobs"))
        .put("categories", new JsonArray().add("jobs"));
    assertThat(post("/api/webhook/subscriptions", subscription.encode()).statusCode()).isEqualTo(201);
  }

  @AfterEach
  void stop() {
    node.close();
    receiver.close();
  }

  private io.vertx.ext.web.client.HttpResponse<Buffer> post(String path, String body) {
    return node.send(HttpMethod.POST, path, node.adminToken(), Buffer.buffer(body));
  }

  private String publish() {
    var r = post("/api/events", new JsonObject().put("category", "jobs").put("event", "done").encode());
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
    return r.bodyAsJsonObject().getString("id");
  }

  private Future<StoredDocument> state() {
    return node.log().storage("webhook").get("delivery", "jobs");
  }

  @Test
  void shouldRecordTheClaimOfAnAttemptBeforeSendingIt() {
    List<JsonObject> claimsOnArrival = new CopyOnWriteArrayList<>();
    receiver.behave((request, index) -> state().onComplete(ar -> {
      claimsOnArrival.add(ar.result().value().getJsonObject("claim", new JsonObject()));
      request.response().setStatusCode(index == 0 ? 503 : 200).end();
    }));

    String id = publish();
    assertThat(receiver.next().eventId()).isEqualTo(id);
    assertThat(receiver.next().eventId()).isEqualTo(id);

    Eventually.await(node.vertx(), () -> Future.succeededFuture(claimsOnArrival.size() == 2));
    assertThat(claimsOnArrival).extracting(c -> c.getString("eventId")).containsExactly(id, id);
    assertThat(claimsOnArrival).extracting(c -> c.getInteger("attempt")).containsExactly(1, 2);
  }

  @Test
  void shouldSendNothingWhileTheClaimCannotBeRecorded() {
    leaderLog.fence(true);
    String id = publish();

    Eventually.await(node.vertx(), () -> node.request(HttpMethod.GET, "/api/webhook/subscriptions/jobs")
        .bearerTokenAuthentication(node.adminToken()).send()
        .map(r -> r.bodyAsJsonObject().getJsonObject("delivery").getString("lastError", "")
            .contains(FencedLogDouble.FENCED)));
    assertThat(receiver.count()).as("no request while the claim fails").isZero();

    leaderLog.fence(false);
    assertThat(receiver.next().eventId()).isEqualTo(id);
  }
}
