package dev.eventhub.benchmarks;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Latencies in microseconds, recorded from any thread without locks, with about 0.2 % precision
 * (the top 10 bits of each value are kept): exact up to 1 ms, then 512 buckets per power of two.
 */
final class Histogram {
  private static final int LINEAR = 1024;
  private static final int PER_OCTAVE = 512;
  private static final int OCTAVES = 40;

  private final AtomicLongArray counts = new AtomicLongArray(LINEAR + OCTAVES * PER_OCTAVE);
  private final AtomicLong total = new AtomicLong();
  private final AtomicLong max = new AtomicLong();

  void record(long micros) {
    long v = Math.max(0, micros);
    counts.incrementAndGet(index(v));
    total.incrementAndGet();
    max.accumulateAndGet(v, Math::max);
  }

  long count() {
    return total.get();
  }

  long maxMicros() {
    return max.get();
  }

  /** The value at or below which {@code fraction} of the recorded values lie (0.99 = p99), in microseconds. */
  long percentile(double fraction) {
    long n = total.get();
    if (n == 0) {
      return 0;
    }
    long rank = (long) Math.ceil(fraction * n);
    long seen = 0;
    for (int i = 0; i < counts.length(); i++) {
      seen += counts.get(i);
      if (seen >= rank) {
        return Math.min(upperBound(i), max.get());
      }
    }
    return max.get();
  }

  /** Adds every value recorded here to {@code into}. */
  void copyInto(Histogram into) {
    for (int i = 0; i < counts.length(); i++) {
      long n = counts.get(i);
      if (n > 0) {
        into.counts.addAndGet(i, n);
      }
    }
    into.total.addAndGet(total.get());
    into.max.accumulateAndGet(max.get(), Math::max);
  }

  static int index(long v) {
    if (v < LINEAR) {
      return (int) v;
    }
    int shift = 63 - Long.numberOfLeadingZeros(v) - 9;
    return Math.min(LINEAR + (shift - 1) * PER_OCTAVE + (int) ((v >> shift) - PER_OCTAVE),
        LINEAR + OCTAVES * PER_OCTAVE - 1);
  }

  static long lowerBound(int index) {
    if (index < LINEAR) {
      return index;
    }
    int shift = (index - LINEAR) / PER_OCTAVE + 1;
    return ((long) ((index - LINEAR) % PER_OCTAVE + PER_OCTAVE)) << shift;
  }

  private static long upperBound(int index) {
    return index < LINEAR ? index : lowerBound(index + 1) - 1;
  }
}
