package dev.eventhub.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NatsReaderTest {
  @Test
  void shouldCountMessagesAndPassControlLinesWhereverTheFramesSplitTheStream() {
    String payload = "{\"a\":\"PING\\r\\nMSG x 1 3\"}";
    String stream = "INFO {\"server_id\":\"x\"}\r\nMSG s 1 " + payload.length() + "\r\n" + payload + "\r\nPING\r\n"
        + "MSG s 1 0\r\n\r\nMSG s 1 reply.to 5\r\nhello\r\nPONG\r\n";
    byte[] bytes = stream.getBytes(StandardCharsets.US_ASCII);
    for (int split = 1; split <= bytes.length; split++) {
      List<String> control = new ArrayList<>();
      NatsReader reader = new NatsReader(control::add);
      for (int i = 0; i < bytes.length; i += split) {
        reader.feed(Buffer.buffer(java.util.Arrays.copyOfRange(bytes, i, Math.min(bytes.length, i + split))));
      }
      assertThat(reader.messages()).as("frames of %d bytes", split).isEqualTo(3);
      assertThat(reader.payloadBytes()).isEqualTo(payload.length() + 5);
      assertThat(control).as("frames of %d bytes", split).containsExactly("INFO {\"server_id\":\"x\"}", "PING", "PONG");
    }
  }

  @Test
  void shouldPublishWhatTheHubWritesForABenchmarkEvent() {
    String message = NatsPublisher.message("bench", 42, 123456789L);

    assertThat(message).startsWith("{\"type\":\"event\",\"subscription\":\"s1\",\"id\":\"")
        .contains("\"cursor\":\"000000000000002a\"", "\"data\":{\"bench_t\":123456789,\"payload\":\"" + Load.PAYLOAD);
    assertThat(message.getBytes(StandardCharsets.UTF_8)).hasSize(message.length());
  }

  @Test
  void shouldConfigureBothListenersOnLoopbackAndWebSocketWithoutTls() {
    assertThat(NatsServer.config(4222, 8080)).contains("listen: \"127.0.0.1:4222\"", "listen: \"127.0.0.1:8080\"",
        "no_tls: true", "websocket {");
  }
}
