package dev.eventhub.runtime.log.impl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Issue 24: cursors formatted by hand read exactly as before: 16 (or 32) zero-padded lower-case hex digits. */
class CursorTextTest {
  @Test
  void shouldFormatAndParseBackEverySequenceNumber() {
    Random random = new Random(24);
    Cursors single = new Cursors(0xBEEF);
    Cursors cluster = Cursors.cluster(0x0123456789ABCDEFL);
    for (long seq : new long[] {0, 1, 15, 16, 255, 4096, Cursors.MAX_SEQ}) {
      check(single, cluster, seq);
    }
    for (int i = 0; i < 10_000; i++) {
      check(single, cluster, random.nextLong() & Cursors.MAX_SEQ);
    }
    assertThat(new Cursors(1).format(42)).isEqualTo("000100000000002a");
  }

  private static void check(Cursors single, Cursors cluster, long seq) {
    assertThat(single.format(seq)).isEqualTo(String.format("%016x", (0xBEEFL << 48) | seq));
    assertThat(single.parse(single.format(seq))).isEqualTo(seq);
    assertThat(cluster.format(seq)).isEqualTo("0123456789abcdef" + String.format("%016x", seq));
    assertThat(cluster.parse(cluster.format(seq))).isEqualTo(seq);
  }
}
