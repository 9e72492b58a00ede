package dev.eventhub.sources.workflow.impl;

import java.security.SecureRandom;

/**
 * Lexicographically sortable ids (the ULID layout: 48 bits of milliseconds, 80 random bits, 26
 * Crockford base-32 characters). Ids made by one instance are strictly increasing, also within a
 * millisecond or when the clock steps back, so they order jobs by when they started.
 */
final class Ulid {
  private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
  private static final long FORTY_BITS = (1L << 40) - 1;

  private final SecureRandom random = new SecureRandom();
  private long lastTime = -1;
  private long high;
  private long low;

  /** The next id, greater than every id this instance made before. */
  synchronized String next() {
    long now = System.currentTimeMillis();
    if (now > lastTime) {
      lastTime = now;
      high = random.nextLong() & FORTY_BITS;
      low = random.nextLong() & FORTY_BITS;
    } else if (++low > FORTY_BITS) {
      // Same millisecond (or the clock went back): count up from the last id.
      low = 0;
      high = (high + 1) & FORTY_BITS;
    }
    char[] out = new char[26];
    encode(lastTime, out, 0, 10);
    encode(high, out, 10, 8);
    encode(low, out, 18, 8);
    return new String(out);
  }

  private static void encode(long value, char[] out, int offset, int length) {
    for (int i = offset + length - 1; i >= offset; i--) {
      out[i] = ALPHABET[(int) (value & 31)];
      value >>>= 5;
    }
  }
}
