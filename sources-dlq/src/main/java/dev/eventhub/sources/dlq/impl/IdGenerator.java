package dev.eventhub.sources.dlq.impl;

/**
 * Entry ids that sort in parking order: {@code <epoch millis, 13 digits>-<sequence, 4 digits>},
 * e.g. {@code 1764000000000-0001}. Strictly increasing, also across restarts (it starts after the
 * newest stored id) and when the clock steps back.
 */
final class IdGenerator {
  private long millis;
  private int seq;

  /** Continues after {@code lastId} (null for none). */
  IdGenerator(String lastId) {
    if (lastId != null && lastId.matches("\\d{13}-\\d{4}")) {
      millis = Long.parseLong(lastId.substring(0, 13));
      seq = Integer.parseInt(lastId.substring(14));
    }
  }

  String next(long now) {
    if (now > millis) {
      millis = now;
      seq = 0;
    } else if (++seq > 9999) {
      millis++;
      seq = 0;
    }
    return String.format("%013d-%04d", millis, seq);
  }
}
