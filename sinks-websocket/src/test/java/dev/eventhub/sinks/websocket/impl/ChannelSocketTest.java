package dev.eventhub.sinks.websocket.impl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.netty.handler.timeout.IdleStateHandler;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketFrameType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sink's own WebSocket handler, on a plain Vert.x HTTP server upgraded as the hub's is. */
class ChannelSocketTest {
  private final Vertx vertx = Vertx.vertx();
  private final Promise<ChannelSocket> taken = Promise.promise();
  private final Promise<Void> serverClosed = Promise.promise();
  private final List<String> received = new ArrayList<>();
  private final Promise<Void> receivedTwo = Promise.promise();
  // Held for the whole test: Vert.x closes a client (and its connections) once it is garbage, which
  // a busy JVM's collector made happen in the middle of the handshake.
  private WebSocketClient webSockets;
  private WebSocket client;
  private volatile Context serverContext;
  private volatile Object inPipeline;
  private volatile boolean idleHandlerBefore;
  private volatile boolean idleHandlerAfter;

  @BeforeEach
  void connect() {
    // An idle timeout, as the hub's server has (http.idleTimeout): Vert.x puts an IdleStateHandler in the pipeline.
    HttpServer server = vertx.createHttpServer(new HttpServerOptions().setIdleTimeout(60))
        .requestHandler(request -> request.toWebSocket().onSuccess(ws -> {
      serverContext = Vertx.currentContext();
      idleHandlerBefore = VertxChannels.INSTANCE.find(ws, request.connection()).channel().pipeline()
          .get(IdleStateHandler.class) != null;
      ChannelSocket socket = ChannelSocket.takeOver(ws, request.connection());
      if (socket == null) {
        taken.fail("not taken over");
        return;
      }
      socket.listen(new Socket.Listener() {
        @Override
        public void onFrame(WebSocketFrameType type, Buffer data, boolean fin) {
          received.add(type + " " + data + " " + fin);
          if (received.size() == 2) {
            receivedTwo.complete();
          }
        }

        @Override
        public void onPong() {
          received.add("pong");
        }

        @Override
        public void onClosed() {
          serverClosed.tryComplete();
        }
      });
      inPipeline = socket.channel().pipeline().get("handler");
      idleHandlerAfter = socket.channel().pipeline().get(IdleStateHandler.class) != null;
      taken.complete(socket);
    }));
    TestHub.await(server.listen(0, "127.0.0.1"));
    webSockets = vertx.createWebSocketClient();
    client = TestHub.await(webSockets.connect(server.actualPort(), "127.0.0.1", "/ws"));
  }

  @AfterEach
  void close() {
    TestHub.await(vertx.close());
  }

  @Test
  void shouldDropTheIdleTimeoutHandlerThatOnlyVertxsHandlerActedOn() {
    // Issue 24: a handler, its context and a scheduled task per connection for events nothing acts on any more.
    TestHub.await(taken.future());
    assertThat(idleHandlerBefore).isTrue();
    assertThat(idleHandlerAfter).isFalse();
  }

  @Test
  void shouldReplaceVertxsHandlerInThePipeline() {
    // Vert.x's connection objects were reachable only through its handler: they are garbage now.
    assertThat(inPipeline).isSameAs(TestHub.await(taken.future()));
  }

  @Test
  void shouldHandOverDataFramesAndAnswerPings() {
    TestHub.await(taken.future());
    Promise<Buffer> pong = Promise.promise();
    client.pongHandler(pong::tryComplete);

    client.writeFrame(io.vertx.core.http.WebSocketFrame.textFrame("{\"a\":", false));
    client.writeFrame(io.vertx.core.http.WebSocketFrame.continuationFrame(Buffer.buffer("1}"), true));
    client.writePing(Buffer.buffer("are you there"));

    assertThat(TestHub.await(pong.future()).toString()).isEqualTo("are you there");
    TestHub.await(receivedTwo.future());
    assertThat(received).containsExactly("TEXT {\"a\": false", "CONTINUATION 1} true");
  }

  @Test
  void shouldCloseWithItsCodeAndReasonAndReportTheClose() {
    ChannelSocket socket = TestHub.await(taken.future());
    Promise<Short> code = Promise.promise();
    client.closeHandler(v -> code.complete(client.closeStatusCode()));

    serverContext.runOnContext(v -> socket.close(CloseCodes.SLOW_CONSUMER, "slow consumer"));

    assertThat(TestHub.await(code.future())).isEqualTo(CloseCodes.SLOW_CONSUMER);
    assertThat(client.closeReason()).isEqualTo("slow consumer");
    TestHub.await(serverClosed.future());
    assertThat(socket.isClosed()).isTrue();
  }

  @Test
  void shouldAnswerAClientsCloseWithItsCodeAndReportTheClose() {
    ChannelSocket socket = TestHub.await(taken.future());

    TestHub.await(client.close((short) 4100, "bye"));

    TestHub.await(serverClosed.future());
    assertThat(client.closeStatusCode()).isEqualTo((short) 4100);
    assertThat(socket.isClosed()).isTrue();
  }
}
