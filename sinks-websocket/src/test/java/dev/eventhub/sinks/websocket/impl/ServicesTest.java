package dev.eventhub.sinks.websocket.impl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.runtime.testing.TestHub;
import dev.eventhub.sinks.websocket.WebSocketSinkOptions;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ServicesTest {
  private final Vertx vertx = Vertx.vertx();
  private final Services services = new Services(new WebSocketSinkOptions(), null, new WebSocketStats(),
      new ConnectionRegistry(10));

  @AfterEach
  void close() {
    TestHub.await(vertx.close());
  }

  @Test
  void shouldShareOneFanOutBetweenTheRequestsOfOneServerContext() {
    // Vert.x runs each HTTP request, and so each WebSocket, on a duplicate of its server's context.
    ContextInternal server = (ContextInternal) vertx.getOrCreateContext();
    ContextInternal other = (ContextInternal) vertx.getOrCreateContext();
    Context first = server.duplicate();
    Context second = server.duplicate();

    assertThat(services.loop(first)).isSameAs(services.loop(second)).isSameAs(services.loop(server));
    assertThat(services.loop(other.duplicate())).isNotSameAs(services.loop(first));
    assertThat(services.allLoops()).hasSize(2);
  }
}
