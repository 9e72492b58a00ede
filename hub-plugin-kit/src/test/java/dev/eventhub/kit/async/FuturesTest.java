package dev.eventhub.kit.async;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import org.junit.jupiter.api.Test;

class FuturesTest {
  @Test
  void shouldReturnTheOperationsOwnFuture() {
    assertThat(Futures.call(() -> Future.succeededFuture("ok")).result()).isEqualTo("ok");
  }

  @Test
  void shouldTurnAThrownRuntimeExceptionIntoAFailedFuture() {
    Future<Object> result = Futures.call(() -> {
      throw new IllegalArgumentException("bad");
    });
    assertThat(result.cause()).isInstanceOf(IllegalArgumentException.class).hasMessage("bad");
  }

  @Test
  void shouldTurnALinkageErrorIntoAFailedFuture() {
    Future<Object> result = Futures.call(() -> {
      throw new NoClassDefFoundError("com/example/Missing");
    });
    assertThat(result.cause()).isInstanceOf(NoClassDefFoundError.class);
  }
}
