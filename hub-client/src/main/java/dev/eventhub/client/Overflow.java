package dev.eventhub.client;

/**
 * What the hub does when a subscription falls {@code maxQueuedBytes} behind (docs/protocol.md, Overflow
 * policies): the subscribe request's {@code overflow}.
 */
public enum Overflow {
  /** The hub closes the connection (4008); the client reconnects and resumes from its last event: nothing lost. */
  CLOSE("close"),
  /** The hub drops the oldest waiting events and says so with a {@link Gap}. */
  DROP_OLDEST("drop-oldest"),
  /** While behind, only the newest waiting event of each key is kept; replaced events are not reported. */
  LATEST_PER_KEY("latest-per-key");

  private final String wire;

  Overflow(String wire) {
    this.wire = wire;
  }

  /** The name in the protocol. */
  public String wire() {
    return wire;
  }
}
