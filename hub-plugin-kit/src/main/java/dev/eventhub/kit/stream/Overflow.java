package dev.eventhub.kit.stream;

/**
 * What a subscription asks the hub to do when its client falls behind and the events waiting for it
 * pass the sink's byte bound ({@code maxQueuedBytes}): a subscription's {@code overflow} field (WebSocket)
 * or parameter (SSE). Whatever the policy, the events waiting for one client never take more than the bound.
 */
public enum Overflow {
  /** Close the connection as a slow consumer (WebSocket 4008, SSE {@code slow_consumer}); the default. */
  CLOSE("close"),
  /** Drop the oldest waiting events of the subscription and tell the client with a {@code gap} frame. */
  DROP_OLDEST("drop-oldest"),
  /**
   * While the client is behind keep only the newest waiting event of each key; events without a key, and
   * the oldest ones when the distinct keys alone pass the bound, are dropped as with {@link #DROP_OLDEST}.
   */
  LATEST_PER_KEY("latest-per-key");

  private final String value;

  Overflow(String value) {
    this.value = value;
  }

  /** The name clients use: {@code close}, {@code drop-oldest} or {@code latest-per-key}. */
  public String value() {
    return value;
  }

  /**
   * The policy named {@code value}; {@link #CLOSE} when it is {@code null}.
   *
   * @param field how the request names the value, for the message: {@code "field 'overflow'"}
   * @throws IllegalArgumentException naming {@code field} and the accepted values
   */
  public static Overflow parse(String field, String value) {
    if (value == null) {
      return CLOSE;
    }
    for (Overflow o : values()) {
      if (o.value.equals(value)) {
        return o;
      }
    }
    throw new IllegalArgumentException(field + " must be close, drop-oldest or latest-per-key, not '"
        + StreamRules.abbreviate(value) + "'");
  }
}
