package dev.eventhub.kit.id;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

class UlidGeneratorTest {
  private static final String CROCKFORD = "[0-9A-HJKMNP-TV-Z]{26}";

  @Test
  void shouldMakeTwentySixCrockfordCharacters() {
    assertThat(UlidGenerator.create().next()).matches(CROCKFORD);
  }

  @Test
  void shouldStartWithTheCurrentMillisecond() {
    long before = System.currentTimeMillis();
    String id = UlidGenerator.create().next();
    long after = System.currentTimeMillis();
    long millis = decode(id.substring(0, 10));
    assertThat(millis).isBetween(before, after);
  }

  @Test
  void shouldMakeStrictlyIncreasingIdsAlsoWithinOneMillisecond() {
    UlidGenerator ids = UlidGenerator.create();
    List<String> made = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      made.add(ids.next());
    }
    assertThat(made).isSorted().doesNotHaveDuplicates();
  }

  @Test
  void shouldNeverRepeatAnIdAcrossThreads() throws InterruptedException {
    UlidGenerator ids = UlidGenerator.create();
    ConcurrentLinkedQueue<String> made = new ConcurrentLinkedQueue<>();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      Thread thread = new Thread(() -> {
        for (int i = 0; i < 5_000; i++) {
          made.add(ids.next());
        }
      });
      thread.start();
      threads.add(thread);
    }
    for (Thread thread : threads) {
      thread.join(10_000);
    }
    assertThat(made).hasSize(20_000).doesNotHaveDuplicates();
  }

  private static long decode(String base32) {
    String alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    long value = 0;
    for (char c : base32.toCharArray()) {
      value = value * 32 + alphabet.indexOf(c);
    }
    return value;
  }
}
