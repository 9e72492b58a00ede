package dev.eventhub.sinks.websocket.impl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One periodic timer per event loop visits each member once per interval (issue 24: 100,000 connections). */
class HeartbeatWheelTest {
  private final Vertx vertx = Vertx.vertx();
  private final Context loop = vertx.getOrCreateContext();

  @AfterEach
  void close() {
    TestHub.await(vertx.close());
  }

  /** Counts its visits; completes {@code reached} at {@code target}; leaves the wheel at {@code leaveAt} visits. */
  private static final class Counting extends HeartbeatWheel.Member {
    final Promise<Void> reached = Promise.promise();
    final int target;
    int leaveAt = -1;
    HeartbeatWheel wheel;
    volatile int beats;

    Counting(int target) {
      this.target = target;
    }

    @Override
    void beat() {
      beats++;
      if (beats == leaveAt) {
        wheel.remove(this);
      }
      if (beats >= target) {
        reached.tryComplete();
      }
    }
  }

  private <T> T onLoop(Callable<T> work) {
    Promise<T> out = Promise.promise();
    loop.runOnContext(v -> {
      try {
        out.complete(work.call());
      } catch (Exception e) {
        out.fail(e);
      }
    });
    return TestHub.await(out.future());
  }

  @Test
  void shouldVisitEveryMemberAgainAndAgainWhateverSlotItJoined() {
    HeartbeatWheel wheel = new HeartbeatWheel(160);
    List<Counting> members = new ArrayList<>();
    // Joined over several ticks, so that they sit in different slots.
    for (int i = 0; i < 40; i++) {
      Counting m = new Counting(3);
      members.add(m);
      onLoop(() -> {
        wheel.add(m, loop);
        return null;
      });
      if (i % 10 == 9) {
        TestHub.await(vertx.timer(15)); // the next ten join a later tick's slot
      }
    }
    for (Counting m : members) {
      TestHub.await(m.reached.future());
    }
    assertThat(onLoop(wheel::size)).isEqualTo(40);
  }

  @Test
  void shouldLetAMemberLeaveWhileVisitedWithoutSkippingTheOthers() {
    HeartbeatWheel wheel = new HeartbeatWheel(80);
    List<Counting> members = new ArrayList<>();
    onLoop(() -> {
      for (int i = 0; i < 10; i++) {
        Counting m = new Counting(i % 2 == 0 ? 1 : 3);
        m.wheel = wheel;
        // Every other one leaves at its first visit, as a connection closed by a heartbeat timeout does.
        m.leaveAt = i % 2 == 0 ? 1 : -1;
        members.add(m);
        wheel.add(m, loop);
      }
      return null;
    });
    for (Counting m : members) {
      TestHub.await(m.reached.future());
    }
    assertThat(onLoop(wheel::size)).isEqualTo(5);
    // Those that left were never visited again, while the others were, twice more.
    for (int i = 0; i < members.size(); i += 2) {
      assertThat(members.get(i).beats).isEqualTo(1);
    }
  }

  @Test
  void shouldStopVisitingOnceEmptyAndStartAgainWithTheNextMember() {
    HeartbeatWheel wheel = new HeartbeatWheel(80);
    Counting first = new Counting(1);
    onLoop(() -> {
      wheel.add(first, loop);
      return null;
    });
    TestHub.await(first.reached.future());
    onLoop(() -> {
      wheel.remove(first);
      wheel.remove(first); // twice: nothing
      return null;
    });
    assertThat(onLoop(wheel::size)).isZero();
    Counting second = new Counting(2);
    onLoop(() -> {
      wheel.add(second, loop);
      return null;
    });
    TestHub.await(second.reached.future());
    assertThat(first.beats).isEqualTo(1);
  }
}
