package dev.eventhub.kit.async;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

// Promises without a context complete their listeners on the completing thread: here the test's.
class KeyedQueueTest {
  private final KeyedQueue queue = KeyedQueue.create();
  private final List<String> started = new ArrayList<>();

  @Test
  void shouldStartAnOperationOnlyOnceTheEarlierOneOnItsKeyCompleted() {
    Promise<String> first = Promise.promise();
    Future<String> a = queue.run("k", () -> start("a", first.future()));
    Future<String> b = queue.run("k", () -> start("b", Future.succeededFuture("B")));
    assertThat(started).containsExactly("a");
    assertThat(b.isComplete()).isFalse();

    first.complete("A");

    assertThat(started).containsExactly("a", "b");
    assertThat(a.result()).isEqualTo("A");
    assertThat(b.result()).isEqualTo("B");
  }

  @Test
  void shouldRunOperationsOnOtherKeysWithoutWaiting() {
    Promise<String> slow = Promise.promise();
    queue.run("k", () -> start("a", slow.future()));
    Future<String> other = queue.run("other", () -> start("c", Future.succeededFuture("C")));
    assertThat(started).containsExactly("a", "c");
    assertThat(other.result()).isEqualTo("C");
    assertThat(queue.activeKeys()).isEqualTo(1);
  }

  @Test
  void shouldGoOnAfterAnOperationThatFailedOrThrew() {
    Promise<String> first = Promise.promise();
    Future<String> a = queue.run("k", () -> start("a", first.future()));
    Future<String> b = queue.run("k", () -> {
      started.add("b");
      throw new IllegalStateException("broken");
    });
    Future<String> c = queue.run("k", () -> start("c", Future.succeededFuture("C")));

    first.fail(new IllegalArgumentException("refused"));

    assertThat(started).containsExactly("a", "b", "c");
    assertThat(a.cause()).hasMessage("refused");
    assertThat(b.cause()).isInstanceOf(IllegalStateException.class).hasMessage("broken");
    assertThat(c.result()).isEqualTo("C");
  }

  @Test
  void shouldForgetAKeyOnceItsLastOperationCompleted() {
    Promise<String> first = Promise.promise();
    queue.run("k", () -> start("a", first.future()));
    queue.run("k", () -> start("b", Future.succeededFuture("B")));
    assertThat(queue.activeKeys()).isEqualTo(1);
    first.complete("A");
    assertThat(queue.activeKeys()).isZero();
  }

  private <T> Future<T> start(String name, Future<T> result) {
    started.add(name);
    return result;
  }
}
