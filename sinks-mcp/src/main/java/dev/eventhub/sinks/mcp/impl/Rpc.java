package dev.eventhub.sinks.mcp.impl;

import dev.eventhub.api.ErrorCode;
import dev.eventhub.api.HubException;
import io.vertx.core.json.JsonObject;

/** JSON-RPC 2.0 messages and error codes, as MCP uses them. */
final class Rpc {
  static final int PARSE_ERROR = -32700;
  static final int INVALID_REQUEST = -32600;
  static final int METHOD_NOT_FOUND = -32601;
  static final int INVALID_PARAMS = -32602;
  static final int INTERNAL_ERROR = -32603;
  /** The hub refused for the caller's scopes. */
  static final int FORBIDDEN = -32001;
  /** MCP's code for a resource that does not exist. */
  static final int RESOURCE_NOT_FOUND = -32002;
  /** A limit of the sink (sessions, waits, subscriptions). */
  static final int LIMIT = -32003;
  /** The session does not exist (any more). */
  static final int NO_SESSION = -32004;

  private Rpc() {}

  /** A JSON-RPC error that ends a request: its code, its message, the hub's error code as data. */
  static final class Error extends RuntimeException {
    final int code;
    final int httpStatus;

    Error(int code, String message) {
      this(code, message, 200);
    }

    Error(int code, String message, int httpStatus) {
      super(message, null, false, false);
      this.code = code;
      this.httpStatus = httpStatus;
    }
  }

  static Error invalidParams(String message) {
    return new Error(INVALID_PARAMS, message);
  }

  /** The JSON-RPC form of a failure: a hub error keeps its message; anything else is internal, unexplained. */
  static Error of(Throwable failure) {
    if (failure instanceof Error e) {
      return e;
    }
    if (failure instanceof HubException e) {
      int code = switch (e.code()) {
        case FORBIDDEN, UNAUTHORIZED -> FORBIDDEN;
        case NOT_FOUND -> RESOURCE_NOT_FOUND;
        case BAD_REQUEST, TOO_LARGE -> INVALID_PARAMS;
        default -> e.code().httpStatus() == 429 || e.code() == ErrorCode.UNAVAILABLE ? LIMIT : INTERNAL_ERROR;
      };
      return new Error(code, e.getMessage());
    }
    return new Error(INTERNAL_ERROR, "internal error; see the hub's log");
  }

  static JsonObject result(Object id, JsonObject result) {
    return new JsonObject().put("jsonrpc", "2.0").put("id", id).put("result", result);
  }

  static JsonObject error(Object id, int code, String message) {
    return new JsonObject().put("jsonrpc", "2.0").put("id", id)
        .put("error", new JsonObject().put("code", code).put("message", message));
  }

  static JsonObject notification(String method, JsonObject params) {
    return new JsonObject().put("jsonrpc", "2.0").put("method", method).put("params", params);
  }
}
