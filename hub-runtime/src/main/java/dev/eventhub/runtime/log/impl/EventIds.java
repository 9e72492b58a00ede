package dev.eventhub.runtime.log.impl;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Event ids assigned by the hub: UUID version 7 (RFC 9562), a millisecond timestamp followed by
 * random bits. They are unique like random UUIDs, but time-ordered, so the log's unique index on ids
 * grows at its end instead of at random pages, and generating one takes no lock.
 */
public final class EventIds {
  private EventIds() {}

  public static String next(long epochMillis) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long msb = (epochMillis << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
    long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(msb, lsb).toString();
  }
}
