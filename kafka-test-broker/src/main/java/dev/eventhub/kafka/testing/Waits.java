package dev.eventhub.kafka.testing;

/** The short pause between two polls of a bounded wait. */
final class Waits {

  private Waits() {
  }

  static void backOff(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting", e);
    }
  }
}
