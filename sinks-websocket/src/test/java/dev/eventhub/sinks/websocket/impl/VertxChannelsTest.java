package dev.eventhub.sinks.websocket.impl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.runtime.testing.TestHub;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.WebSocketFrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrameEncoder;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.ext.web.Router;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Pins what {@link VertxChannels}, the sink's one use of Vert.x's implementation (docs/adr/0007), relies on,
 * on a server set up as the hub's: a vertx-web router (which wraps the WebSocket) and Micrometer metrics.
 * If an upgrade of Vert.x fails this test, the sink would silently fall back to Vert.x's own socket (slower,
 * 10 KiB more per idle connection): fix {@link VertxChannels}.
 */
class VertxChannelsTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final Vertx vertx = Vertx.builder()
      .with(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)))
      .withMetrics(new MicrometerMetricsFactory(registry)).build();
  private final Promise<UpgradedChannels.Upgraded> found = Promise.promise();
  private final Promise<ChannelSocket> taken = Promise.promise();
  private final Promise<Void> serverClosed = Promise.promise();
  private HttpServer server;
  private WebSocketClient webSockets;
  private WebSocket client;

  @BeforeEach
  void connect() {
    Router router = Router.router(vertx);
    router.route("/ws").handler(rc -> rc.request().toWebSocket().onSuccess(ws -> {
      UpgradedChannels.Upgraded upgraded = VertxChannels.INSTANCE.find(ws, rc.request().connection());
      found.complete(upgraded);
      ChannelSocket socket = upgraded == null ? null : ChannelSocket.takeOver(ws, rc.request().connection());
      if (socket == null) {
        taken.fail("not taken over");
        return;
      }
      socket.listen(new Socket.Listener() {
        @Override
        public void onFrame(WebSocketFrameType type, Buffer data, boolean fin) {}

        @Override
        public void onPong() {}

        @Override
        public void onClosed() {
          serverClosed.tryComplete();
        }
      });
      taken.complete(socket);
    }));
    server = TestHub.await(vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
    webSockets = vertx.createWebSocketClient();
    client = TestHub.await(webSockets.connect(server.actualPort(), "127.0.0.1", "/ws"));
  }

  @AfterEach
  void close() {
    TestHub.await(vertx.close());
  }

  @Test
  void shouldFindTheUpgradedChannelWithNettysWebSocketCodec() {
    UpgradedChannels.Upgraded upgraded = TestHub.await(found.future());
    assertThat(upgraded).as("Vert.x's pipeline after the upgrade is not what VertxChannels knows").isNotNull();
    ChannelSocket socket = TestHub.await(taken.future());
    Channel channel = upgraded.channel();
    // What the sink writes to and reads from: Netty's codec, set up by Vert.x's handshake, then the sink's handler.
    assertThat(channel.pipeline().toMap().values()).anyMatch(WebSocketFrameDecoder.class::isInstance)
        .anyMatch(WebSocketFrameEncoder.class::isInstance);
    assertThat(channel.pipeline().get("handler")).isSameAs(socket);
    assertThat(channel.pipeline().names()).noneMatch(name -> channel.pipeline().get(name) != null
        && channel.pipeline().get(name).getClass().getName().startsWith("io.vertx."));
  }

  @Test
  void shouldCountTheWebSocketAndTheConnectionClosedInVertxsMetrics() {
    TestHub.await(taken.future());
    assertThat(gauge("vertx.http.server.active.ws.connections")).isEqualTo(1.0);
    assertThat(gauge("vertx.http.server.active.connections")).isEqualTo(1.0);

    TestHub.await(client.close());
    TestHub.await(serverClosed.future());

    // Reported on the server's loop as the channel closed, before the listener heard it.
    assertThat(gauge("vertx.http.server.active.ws.connections")).isZero();
    assertThat(gauge("vertx.http.server.active.connections")).isZero();
  }

  @Test
  void shouldTellTheSocketWhenTheServerShutsDown() {
    TestHub.await(taken.future());
    Promise<Short> code = Promise.promise();
    client.closeHandler(v -> code.tryComplete(client.closeStatusCode()));

    server.shutdown(5, TimeUnit.SECONDS);

    assertThat(TestHub.await(code.future())).isEqualTo(CloseCodes.GOING_AWAY);
  }

  private double gauge(String name) {
    return registry.find(name).gauges().stream().mapToDouble(Gauge::value).sum();
  }
}
