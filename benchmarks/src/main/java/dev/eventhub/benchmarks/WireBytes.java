package dev.eventhub.benchmarks;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.metrics.MetricsOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.spi.VertxMetricsFactory;
import io.vertx.core.spi.metrics.HttpClientMetrics;
import io.vertx.core.spi.metrics.VertxMetrics;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * S7's subscribers: a Vert.x of their own whose metrics (the public metrics SPI) count the bytes its
 * WebSocket connections read off TCP, that is, frames as they crossed the wire, compressed or not. The
 * publishers use the harness's other Vert.x, so their answers are not counted.
 */
final class WireBytes implements AutoCloseable {
  private final LongAdder read = new LongAdder();
  private final Vertx vertx;

  WireBytes() {
    VertxMetricsFactory factory = options -> new VertxMetrics() {
      @Override
      public HttpClientMetrics<?, ?, ?> createHttpClientMetrics(HttpClientOptions clientOptions) {
        return new HttpClientMetrics<Object, Object, Object>() {
          @Override
          public void bytesRead(Object socketMetric, SocketAddress remoteAddress, long numberOfBytes) {
            read.add(numberOfBytes);
          }
        };
      }
    };
    vertx = Vertx.builder().with(new VertxOptions().setMetricsOptions(new MetricsOptions().setEnabled(true)))
        .withMetrics(factory).build();
  }

  /** A WebSocket client on the counted Vert.x; {@code deflate}: it offers permessage-deflate. */
  WebSocketClient client(boolean deflate) {
    return vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(100_000)
        .setMaxFrameSize(1 << 20).setMaxMessageSize(8 << 20).setTcpNoDelay(true)
        .setTryUsePerMessageCompression(deflate));
  }

  /** Bytes read so far by every connection of this Vert.x. */
  long read() {
    return read.sum();
  }

  @Override
  public void close() throws Exception {
    vertx.close().await(30, TimeUnit.SECONDS);
  }
}
