package dev.eventhub.client.impl;

import dev.eventhub.api.ErrorCode;
import java.net.URI;

/** What the hub's wire and a node's URL say: error codes, the port and whether TLS is on. */
final class Wire {
  private Wire() {}

  /** The error code of the hub's {@code error}/{@code code} field; {@code internal} for one this client does not know. */
  static ErrorCode code(String wire) {
    for (ErrorCode c : ErrorCode.values()) {
      if (c.code().equals(wire)) {
        return c;
      }
    }
    return ErrorCode.INTERNAL;
  }

  static int port(URI base) {
    return base.getPort() > 0 ? base.getPort() : tls(base) ? 443 : 80;
  }

  static boolean tls(URI base) {
    return "https".equals(base.getScheme()) || "wss".equals(base.getScheme());
  }
}
