package dev.eventhub.runtime.log.impl;

import java.nio.charset.StandardCharsets;

/**
 * Cursor text for one log. Single node: 16 lower-case hex digits, the log's epoch in the top 16 bits and
 * the sequence number below; the epoch is drawn at random when a log is created, so a cursor of a wiped log
 * is recognized as unknown instead of pointing at some unrelated event. Cluster: 32 lower-case hex digits,
 * 16 of the topic's incarnation (its topic id's two halves XORed) then 16 of the sequence number (offset +
 * 1), so that the same event has the same cursor on every node and a recreated topic never aliases old
 * cursors. Fixed width either way, so string order is log order.
 */
final class Cursors {
  static final long MAX_SEQ = (1L << 48) - 1;
  static final long UNKNOWN = -1;
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.ISO_8859_1);

  private final long epochBits;
  // Cluster only: the incarnation's 16 hex digits; null for a single node.
  private final String incarnation;

  private Cursors(long epochBits, String incarnation) {
    this.epochBits = epochBits;
    this.incarnation = incarnation;
  }

  Cursors(int epoch) {
    this(((long) epoch) << 48, null);
  }

  /** The cursors of a cluster's log: {@code incarnation} from the topic id. */
  static Cursors cluster(long incarnation) {
    return new Cursors(0, hex16(incarnation));
  }

  String format(long seq) {
    return incarnation == null ? hex16(epochBits | seq) : incarnation + hex16(seq);
  }

  /** The sequence number of {@code cursor}, or {@link #UNKNOWN} when it is not one of this log's. */
  long parse(String cursor) {
    if (cursor == null) {
      return UNKNOWN;
    }
    if (incarnation != null) {
      if (cursor.length() != 32 || !cursor.startsWith(incarnation)) {
        return UNKNOWN;
      }
      long seq = hexValue(cursor.substring(16));
      return seq >= 0 && cursor.equals(format(seq)) ? seq : UNKNOWN;
    }
    if (cursor.length() != 16) {
      return UNKNOWN;
    }
    long value = hexValue(cursor);
    if (value == UNKNOWN || (value & ~MAX_SEQ) != epochBits || !cursor.equals(format(value & MAX_SEQ))) {
      return UNKNOWN;
    }
    return value & MAX_SEQ;
  }

  private static long hexValue(String text) {
    try {
      return Long.parseUnsignedLong(text, 16);
    } catch (NumberFormatException e) {
      return UNKNOWN;
    }
  }

  // 16 lower-case hex digits, zero-padded, in one allocation: done for every recorded event on the writer thread.
  private static String hex16(long value) {
    byte[] digits = new byte[16];
    for (int i = 15; i >= 0; i--) {
      digits[i] = HEX[(int) (value & 0xF)];
      value >>>= 4;
    }
    return new String(digits, StandardCharsets.ISO_8859_1);
  }
}
