package dev.eventhub.kafka.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

class SharedClusterTest {

  @Test
  void everyCallerOfTheJvmGetsTheSameSingleNodeWhichCloseDoesNotStop() throws Exception {
    List<CompletableFuture<KafkaTestCluster>> callers = IntStream.range(0, 4)
        .mapToObj(i -> CompletableFuture.supplyAsync(KafkaTestCluster::shared))
        .collect(Collectors.toList());
    KafkaTestCluster kafka = callers.get(0).get();
    assertThat(callers).allSatisfy(c -> assertThat(c.get()).isSameAs(kafka));
    assertThat(kafka.size()).isEqualTo(1);

    kafka.close();
    assertThat(ProcessHandle.of(kafka.pid(0)).map(ProcessHandle::isAlive).orElse(false)).isTrue();
    try (KafkaProducer<String, String> producer = Records.producer(kafka)) {
      Records.send(producer, "shared", "still serving");
    }
    assertThat(Records.readAll(kafka, "shared", 1)).containsExactly("still serving");
  }
}
