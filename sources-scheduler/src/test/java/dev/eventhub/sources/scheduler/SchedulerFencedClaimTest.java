package dev.eventhub.sources.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.runtime.testing.FakeClusterView;
import dev.eventhub.runtime.testing.FencedLogDouble;
import dev.eventhub.runtime.testing.PlacementHub;
import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scheduler claims an execution in its storage before it calls out: on a node whose leader writes
 * are fenced (it is no longer the cluster's leader), the claim fails and nothing is called. The
 * scheduler runs as on a cluster's leader, writing through a {@link FencedLogDouble}.
 */
class SchedulerFencedClaimTest {
  @TempDir Path dir;
  FlakyServer server;
  PlacementHub node;
  FencedLogDouble leaderLog;

  @BeforeEach
  void start() {
    server = new FlakyServer();
    node = PlacementHub.start(TestHub.config(dir).with("outbound.allowNetworks", new JsonArray().add("127.0.0.0/8")),
        vertx -> new FakeClusterView(vertx).initiallyLeader(true), log -> leaderLog = new FencedLogDouble(log));
  }

  @AfterEach
  void stop() {
    node.close();
    server.close();
  }

  @Test
  void shouldNotCallOutWhenTheClaimOfTheExecutionFails() {
    JsonObject schedule = new JsonObject().put("name", "call").put("state", "paused")
        .put("trigger", new JsonObject().put("type", "interval").put("every", "1h"))
        .put("action", new JsonObject().put("type", "http").put("url", server.url("/jobs")));
    assertThat(node.send(HttpMethod.POST, "/api/scheduler/schedules", node.adminToken(),
        Buffer.buffer(schedule.encode())).statusCode()).isEqualTo(201);
    int writes = leaderLog.writes();
    assertThat(writes).as("the schedule was written through the leader's log").isPositive();

    leaderLog.fence(true);
    var run = node.send(HttpMethod.POST, "/api/scheduler/schedules/call/run", node.adminToken(), null);

    assertThat(run.statusCode()).as(run.bodyAsString()).isEqualTo(503);
    assertThat(run.bodyAsJsonObject().getString("message")).contains(FencedLogDouble.FENCED);
    assertThat(leaderLog.writes()).as("a claim was attempted").isGreaterThan(writes);
    assertThat(server.calls).isEmpty();
  }
}
