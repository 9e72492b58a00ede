package dev.eventhub.sinks.websocket.impl;

import dev.eventhub.api.ErrorCode;

/** A request the hub answers with an {@code error} frame; the connection stays open. */
final class RequestError extends RuntimeException {
  private final transient Object id;
  private final ErrorCode code;

  RequestError(Object id, ErrorCode code, String message) {
    super(message, null, false, false);
    this.id = id;
    this.code = code;
  }

  static RequestError badRequest(Object id, String message) {
    return new RequestError(id, ErrorCode.BAD_REQUEST, message);
  }

  Object id() {
    return id;
  }

  ErrorCode code() {
    return code;
  }
}
