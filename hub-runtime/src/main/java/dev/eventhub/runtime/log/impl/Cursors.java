package dev.eventhub.runtime.log.impl;

/**
 * Cursor text for one log: 16 lower-case hex digits, the log's epoch in the top 16 bits and the
 * sequence number below. Fixed width, so string order is log order; the epoch is drawn at random when
 * a log is created, so a cursor of a wiped log is recognized as unknown instead of pointing at some
 * unrelated event.
 */
final class Cursors {
  static final long MAX_SEQ = (1L << 48) - 1;
  static final long UNKNOWN = -1;

  // Changes once at most: when a new node of a cluster takes the cluster's epoch before any event.
  private volatile long epochBits;

  Cursors(int epoch) {
    this.epochBits = ((long) epoch) << 48;
  }

  int epoch() {
    return (int) (epochBits >>> 48);
  }

  void adopt(int epoch) {
    this.epochBits = ((long) epoch) << 48;
  }

  String format(long seq) {
    String hex = Long.toHexString(epochBits | seq);
    return hex.length() == 16 ? hex : "0".repeat(16 - hex.length()) + hex;
  }

  /** The sequence number of {@code cursor}, or {@link #UNKNOWN} when it is not one of this log's. */
  long parse(String cursor) {
    if (cursor == null || cursor.length() != 16) {
      return UNKNOWN;
    }
    long value;
    try {
      value = Long.parseUnsignedLong(cursor, 16);
    } catch (NumberFormatException e) {
      return UNKNOWN;
    }
    if ((value & ~MAX_SEQ) != epochBits || !cursor.equals(format(value & MAX_SEQ))) {
      return UNKNOWN;
    }
    return value & MAX_SEQ;
  }
}
