package dev.eventhub.sinks.websocket.impl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.runtime.testing.TestHub;
import io.netty.buffer.Unpooled;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Both ways frames leave the sink, over a real socket: straight to the channel taken over (Netty's API), and
 * through Vert.x's public API when it could not be taken over (docs/adr/0007). Each must deliver text frames,
 * in order, with the bytes given, whether they come as Netty bytes (events) or as Vert.x buffers (replies).
 */
class FrameWriterTest {
  private final Vertx vertx = Vertx.vertx();
  private final List<String> received = new CopyOnWriteArrayList<>();
  private final Promise<Void> three = Promise.promise();
  private volatile Context serverContext;
  private volatile HttpConnection upgradedConnection;
  // Held for the whole test: Vert.x closes a client (and its connections) once it is garbage.
  private WebSocketClient webSockets;

  @AfterEach
  void close() {
    TestHub.await(vertx.close());
  }

  @Test
  void shouldWriteTextFramesThroughVertxsPublicApi() {
    Promise<FrameWriter> writer = Promise.promise();
    connect(ws -> writer.complete(FrameWriter.of(ws)));
    writeThree(TestHub.await(writer.future()));

    TestHub.await(three.future());
    assertThat(received).containsExactly("{\"n\":1}", "{\"reply\":\"caf\u00e9\"}", "{\"n\":3}");
  }

  @Test
  void shouldWriteTextFramesToTheChannelTakenOverAndFlushThemTogether() {
    Promise<FrameWriter> writer = Promise.promise();
    connect(ws -> {
      ChannelSocket socket = ChannelSocket.takeOver(ws, upgradedConnection);
      if (socket == null) {
        writer.fail("not taken over");
      } else {
        writer.complete(socket.writer());
      }
    });
    writeThree(TestHub.await(writer.future()));

    TestHub.await(three.future());
    assertThat(received).containsExactly("{\"n\":1}", "{\"reply\":\"caf\u00e9\"}", "{\"n\":3}");
  }

  private void writeThree(FrameWriter writer) {
    serverContext.runOnContext(v -> {
      writer.write(Unpooled.wrappedBuffer("{\"n\":1}".getBytes(StandardCharsets.UTF_8)));
      writer.write(Buffer.buffer("{\"reply\":\"caf\u00e9\"}"));
      writer.write(Unpooled.wrappedBuffer("{\"n\":3}".getBytes(StandardCharsets.UTF_8)));
      writer.flush();
    });
  }

  private void connect(Consumer<ServerWebSocket> onUpgrade) {
    HttpServer server = vertx.createHttpServer().requestHandler(request -> {
      upgradedConnection = request.connection();
      request.toWebSocket().onSuccess(ws -> {
        serverContext = Vertx.currentContext();
        onUpgrade.accept(ws);
      });
    });
    TestHub.await(server.listen(0, "127.0.0.1"));
    webSockets = vertx.createWebSocketClient();
    WebSocket client = TestHub.await(webSockets.connect(server.actualPort(), "127.0.0.1", "/ws"));
    client.textMessageHandler(text -> {
      received.add(text);
      if (received.size() == 3) {
        three.tryComplete();
      }
    });
  }
}
