package dev.eventhub.sinks.websocket.impl;

/** The close codes of docs/protocol.md. */
final class CloseCodes {
  /** The hub is shutting down, or the client stopped answering pings. */
  static final short GOING_AWAY = 1001;
  /** A client message over {@code maxFrameSize}. */
  static final short TOO_BIG = 1009;
  /** The token expired while connected. */
  static final short TOKEN_EXPIRED = 4001;
  /** The client fell behind the bounded outbound queue. */
  static final short SLOW_CONSUMER = 4008;
  /** An operator closed the connection ({@code DELETE /api/connections/{id}}). */
  static final short CLOSED_BY_OPERATOR = 4009;

  private CloseCodes() {}
}
