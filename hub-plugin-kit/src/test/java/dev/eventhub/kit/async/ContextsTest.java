package dev.eventhub.kit.async;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class ContextsTest {
  @Test
  void shouldRunWorkOnTheGivenContextWhenCalledFromElsewhere(Vertx vertx, VertxTestContext test) {
    Context plugin = vertx.getOrCreateContext();
    Contexts.on(plugin, () -> Future.succeededFuture(Vertx.currentContext()))
        .onComplete(test.succeeding(ran -> test.verify(() -> {
          assertThat(ran).isSameAs(plugin);
          test.completeNow();
        })));
  }

  @Test
  void shouldRunWorkAtOnceWhenAlreadyOnTheContext(Vertx vertx, VertxTestContext test) {
    Context plugin = vertx.getOrCreateContext();
    plugin.runOnContext(v -> {
      AtomicBoolean ran = new AtomicBoolean();
      Future<String> result = Contexts.on(plugin, () -> {
        ran.set(true);
        return Future.succeededFuture("done");
      });
      test.verify(() -> {
        assertThat(ran).isTrue();
        assertThat(result.result()).isEqualTo("done");
      });
      test.completeNow();
    });
  }

  @Test
  void shouldFailTheFutureOfWorkThatThrows(Vertx vertx, VertxTestContext test) {
    Contexts.<String>on(vertx.getOrCreateContext(), () -> {
      throw new IllegalStateException("broken");
    }).onComplete(test.failing(e -> test.verify(() -> {
      assertThat(e).isInstanceOf(IllegalStateException.class).hasMessage("broken");
      test.completeNow();
    })));
  }

  @Test
  void shouldRunARoundTripThereAndCompleteItBackOnTheCallersContext(Vertx vertx, VertxTestContext test) {
    Context plugin = vertx.getOrCreateContext();
    Context caller = vertx.getOrCreateContext();
    assertThat(caller).isNotSameAs(plugin);
    caller.runOnContext(v -> Contexts.roundTrip(plugin, () -> Future.succeededFuture(Vertx.currentContext()))
        .onComplete(test.succeeding(ranOn -> test.verify(() -> {
          assertThat(ranOn).isSameAs(plugin);
          assertThat(Vertx.currentContext()).isSameAs(caller);
          test.completeNow();
        }))));
  }

  @Test
  void shouldRunARoundTripInALaterTickAlsoFromTheContextItself(Vertx vertx, VertxTestContext test) {
    Context plugin = vertx.getOrCreateContext();
    plugin.runOnContext(v -> {
      AtomicBoolean ran = new AtomicBoolean();
      Contexts.roundTrip(plugin, () -> {
        ran.set(true);
        return Future.succeededFuture();
      }).onComplete(test.succeedingThenComplete());
      test.verify(() -> assertThat(ran).as("ran within the caller's tick").isFalse());
    });
  }
}
