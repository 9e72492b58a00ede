package dev.eventhub.runtime.cluster.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.api.EventDraft;
import dev.eventhub.kafka.testing.KafkaTestCluster;
import dev.eventhub.runtime.cluster.kafka.impl.RecordCodec;
import dev.eventhub.runtime.cluster.kafka.impl.TopicSetup;
import dev.eventhub.runtime.testing.ChildHub;
import dev.eventhub.runtime.testing.Jwts;
import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kill -9 of a node while it applies the topic: it resumes from what its store committed, nothing twice. */
class KafkaCrashTest {
  static final int EVENTS = 20_000;

  @TempDir Path dir;

  @Test
  void shouldResumeAfterAKillInTheMiddleOfApplyingWithEveryEventOnceAndNoGap() throws Exception {
    String bootstrap = KafkaTestCluster.shared().bootstrapServers();
    String topic = "hub-crash-" + UUID.randomUUID();
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap);
    try (Admin admin = Admin.create(p)) {
      TopicSetup.logTopic(admin, topic);
    }
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p)) {
      for (int n = 0; n < EVENTS; n++) {
        producer.send(RecordCodec.event(topic, EventDraft.of("orders", "created", null, new JsonObject().put("n", n)),
            "id-" + n, null));
      }
      producer.flush();
    }

    Map<String, String> env = Map.of("HUB_CLUSTER_KAFKA_BOOTSTRAP_SERVERS", bootstrap,
        "HUB_CLUSTER_KAFKA_TOPIC", topic, "HUB_CLUSTER_NODE_ID", "crash");
    try (ChildHub first = ChildHub.start(dir, env)) {
      // It listens, then catches up: 20,000 records take it several batches, one transaction each.
      first.awaitListening();
      first.kill();
    }
    try (ChildHub again = ChildHub.start(dir, env)) {
      int port = again.awaitReady();
      Set<String> ids = new HashSet<>();
      long expectedSeq = 1;
      String since = null;
      HttpClient http = HttpClient.newHttpClient();
      String token = Jwts.hs256(TestHub.SECRET, Jwts.claims("admin subscribe:*", 3600));
      while (true) {
        String uri = "http://127.0.0.1:" + port + "/api/events?limit=1000" + (since == null ? "" : "&since=" + since);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(60))
            .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonObject page = new JsonObject(r.body());
        JsonArray events = page.getJsonArray("events");
        for (int i = 0; i < events.size(); i++) {
          JsonObject e = events.getJsonObject(i);
          assertThat(ids.add(e.getString("id"))).as("once: " + e.getString("id")).isTrue();
          assertThat(Long.parseLong(e.getString("cursor").substring(16), 16)).as("no gap").isEqualTo(expectedSeq++);
        }
        if (!page.getBoolean("more")) {
          break;
        }
        since = page.getString("next");
      }
      assertThat(ids).hasSize(EVENTS);
    }
  }
}
