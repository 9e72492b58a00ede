package dev.eventhub.runtime.cluster.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.api.EventFilter;
import dev.eventhub.api.EventPage;
import dev.eventhub.api.EventQuery;
import dev.eventhub.api.HubEvent;
import dev.eventhub.runtime.Hub;
import dev.eventhub.runtime.config.ConfigException;
import dev.eventhub.runtime.config.HubConfig;
import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node's life against its topic: restarts, a recreated topic, a topic whose retention cut records. */
class KafkaLifecycleTest {
  @TempDir Path dir;
  KafkaNodes nodes;
  Admin admin;

  @BeforeEach
  void cluster() {
    nodes = new KafkaNodes(dir);
    Properties p = new Properties();
    p.put("bootstrap.servers", nodes.broker.bootstrapServers());
    admin = Admin.create(p);
  }

  @AfterEach
  void stop() {
    nodes.close();
    admin.close();
  }

  static EventPage read(TestHub hub, String since) {
    return TestHub.await(hub.hub().log().read(new EventQuery(EventFilter.all(), since, 1000)));
  }

  static Throwable startFailure(HubConfig config) {
    return TestHub.await(Hub.start(config).transform(ar -> {
      if (ar.succeeded()) {
        return ar.result().stop().map(v -> (Throwable) null);
      }
      return Future.succeededFuture(ar.cause());
    }));
  }

  @Test
  void shouldResumeFromItsAppliedOffsetAfterARestartWithoutApplyingARecordTwice() {
    TestHub a = nodes.start("a");
    TestHub b = nodes.start("b");
    for (int n = 0; n < 3; n++) {
      a.publish("orders", "created", null, new JsonObject().put("n", n));
    }
    nodes.stop(a);
    String last = null;
    for (int n = 3; n < 5; n++) {
      last = b.publish("orders", "created", null, new JsonObject().put("n", n)).getString("cursor");
    }
    TestHub again = nodes.start("a");
    read(again, last);
    List<HubEvent> onA = read(again, null).events();
    assertThat(onA).extracting(e -> e.data().getInteger("n")).containsExactly(0, 1, 2, 3, 4);
    assertThat(onA).extracting(HubEvent::cursor).containsExactlyElementsOf(
        read(b, null).events().stream().map(HubEvent::cursor).toList());
  }

  @Test
  void shouldRebuildFromARecreatedTopicAndTreatOldCursorsAsUnknown() throws Exception {
    TestHub a = nodes.start("a");
    String old = a.publish("orders", "created", null, new JsonObject().put("n", 1)).getString("cursor");
    nodes.stop(a);
    admin.deleteTopics(List.of(nodes.topic)).all().get(30, TimeUnit.SECONDS);
    // Deletion completes in the background: the hub would otherwise find the topic being deleted.
    TestHub.await(Future.<Void>future(this::awaitGone));

    TestHub again = nodes.start("a");
    EventPage page = read(again, old);
    assertThat(page.events()).isEmpty();
    assertThat(page.complete()).as("a cursor of the old topic is unknown").isFalse();
    assertThat(read(again, null).events()).as("the old topic's events are gone").isEmpty();
    String fresh = again.publish("orders", "created", null, new JsonObject().put("n", 2)).getString("cursor");
    assertThat(fresh.substring(0, 16)).as("another incarnation").isNotEqualTo(old.substring(0, 16));
  }

  // Polls the broker (each call is a round trip) until the topic is gone, at most a minute.
  private void awaitGone(io.vertx.core.Promise<Void> done) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    try {
      while (admin.listTopics().names().get(10, TimeUnit.SECONDS).contains(nodes.topic)) {
        if (System.nanoTime() > deadline) {
          done.fail("topic " + nodes.topic + " still there");
          return;
        }
      }
      done.complete();
    } catch (Exception e) {
      done.fail(e);
    }
  }

  @Test
  void shouldRefuseToStartANodeWhoseNextOffsetTheTopicNoLongerHolds() throws Exception {
    TestHub a = nodes.start("a");
    for (int n = 0; n < 3; n++) {
      a.publish("orders", "created", null, new JsonObject().put("n", n));
    }
    admin.deleteRecords(Map.of(new TopicPartition(nodes.topic, 0), RecordsToDelete.beforeOffset(2))).all()
        .get(30, TimeUnit.SECONDS);
    Throwable refused = startFailure(nodes.config("late"));
    assertThat(refused).isInstanceOf(ConfigException.class);
    assertThat(refused.getMessage()).contains("needs offset 0").contains("earliest offset is 2")
        .contains("snapshot").contains(nodes.topic);

    // A copy of a stopped node's data directory (the snapshot) carries its applied offset: it starts.
    nodes.stop(a);
    TestHub again = nodes.start("a");
    assertThat(read(again, null).events()).hasSize(3);
  }

  @Test
  void shouldRefuseTheHazelcastEraKeysAndGuaranteeBreakingPropertiesAtStart() {
    Throwable old = startFailure(TestHub.config(dir.resolve("old")).with("cluster.enabled", true));
    assertThat(old).isInstanceOf(ConfigException.class);
    assertThat(old.getMessage()).contains("cluster.enabled").contains("Kafka");
    Throwable acks = startFailure(nodes.config("x").with("cluster.kafka.properties", new JsonObject().put("acks", "1")));
    assertThat(acks).isInstanceOf(ConfigException.class);
    assertThat(acks.getMessage()).contains("cluster.kafka.properties.acks");
  }
}
