package dev.eventhub.sinks.websocket.impl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.runtime.testing.TestHub;
import dev.eventhub.sinks.websocket.WebSocketSinkOptions;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.VerticleBase;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ServicesTest {
  private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(4));
  private final Services services = new Services(new WebSocketSinkOptions(), null, new WebSocketStats(),
      new ConnectionRegistry(10));

  @AfterEach
  void close() {
    TestHub.await(vertx.close());
  }

  @Test
  void shouldShareOneFanOutBetweenTheConnectionsOfOneEventLoop() {
    // Vert.x runs each HTTP request, and so each WebSocket, on a context of its own; a loop's all run on its thread.
    // Three verticles: three contexts, on three of the four loops.
    List<Context> contexts = new CopyOnWriteArrayList<>();
    TestHub.await(vertx.deployVerticle(() -> new VerticleBase() {
      @Override
      public Future<?> start() {
        contexts.add(context);
        return Future.succeededFuture();
      }
    }, new DeploymentOptions().setInstances(3)));
    Context first = contexts.get(0);
    Context second = contexts.get(1);
    Context third = contexts.get(2);
    LoopDispatch a = TestHub.await(lookUp(first));
    assertThat(TestHub.await(lookUp(first))).isSameAs(a);
    LoopDispatch b = TestHub.await(lookUp(second));
    LoopDispatch c = TestHub.await(lookUp(third));

    assertThat(b).isNotSameAs(a);
    assertThat(c).isNotSameAs(a).isNotSameAs(b);
    assertThat(services.allLoops()).containsExactlyInAnyOrder(a, b, c);
  }

  @Test
  void shouldRefuseALookUpOutsideTheConnectionsLoop() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> services.loop(vertx.getOrCreateContext()))
        .isInstanceOf(IllegalStateException.class);
  }

  private Future<LoopDispatch> lookUp(Context context) {
    Promise<LoopDispatch> found = Promise.promise();
    context.runOnContext(v -> found.complete(services.loop(context)));
    return found.future();
  }
}
