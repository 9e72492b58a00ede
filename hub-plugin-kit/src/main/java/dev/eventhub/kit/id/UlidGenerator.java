package dev.eventhub.kit.id;

import java.security.SecureRandom;

/**
 * Makes lexicographically sortable ids in the ULID layout: 48 bits of milliseconds since the epoch
 * then 80 random bits, written as 26 characters of Crockford's base 32 ({@code 0-9 A-Z} without
 * {@code I L O U}), e.g. {@code 01JD3V9X6W8Q4M2K7T5R1N0PZC}.
 *
 * <p>The ids one generator makes are strictly increasing, also within one millisecond and when the
 * clock steps back (the generator then counts up from its last id), so they sort by creation: as
 * storage keys, a plain key-ordered listing is a listing by age. Ids of different generators (say,
 * before and after a restart) sort by their milliseconds only. Thread-safe.
 */
public final class UlidGenerator {
  private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
  private static final long FORTY_BITS = (1L << 40) - 1;

  private final SecureRandom random = new SecureRandom();
  private long lastTime = -1;
  private long high;
  private long low;

  private UlidGenerator() {}

  /** A new generator. */
  public static UlidGenerator create() {
    return new UlidGenerator();
  }

  /** The next id: 26 characters, greater than every id this generator made before. */
  public synchronized String next() {
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
