package dev.eventhub.api;

/**
 * The error codes of the wire protocol, each with the HTTP status it is answered with.
 *
 * <p>{@link #code()} is what a client sees: the {@code error} field of an HTTP error body, the
 * {@code code} field of a WebSocket {@code error} frame.
 */
public enum ErrorCode {
  /** Not JSON, an unknown type, a missing or ill-typed field. */
  BAD_REQUEST("bad_request", 400),
  /** No token, or one that is malformed, wrongly signed or expired. */
  UNAUTHORIZED("unauthorized", 401),
  /** The token is valid but lacks the scope the request needs. */
  FORBIDDEN("forbidden", 403),
  /** The addressed thing does not exist. */
  NOT_FOUND("not_found", 404),
  /** The request contradicts the current state (a duplicate name, a transition that makes no sense). */
  CONFLICT("conflict", 409),
  /** A body, frame or batch over its limit. */
  TOO_LARGE("too_large", 413),
  /** Too many requests for the caller's budget. */
  RATE_LIMITED("rate_limited", 429),
  /** A WebSocket request named a subscription the connection does not have. */
  UNKNOWN_SUBSCRIPTION("unknown_subscription", 404),
  /** A WebSocket connection reached its subscription limit. */
  TOO_MANY_SUBSCRIPTIONS("too_many_subscriptions", 429),
  /** A request that would close a loop: the hub calling itself through one of its own endpoints. */
  LOOP_DETECTED("loop_detected", 508),
  /** The hub cannot take the request now (starting, stopping, at a limit); retrying later may work. */
  UNAVAILABLE("unavailable", 503),
  /**
   * The hub's store is out of space: nothing was recorded. Retrying after the {@code Retry-After}
   * delay works once the operator frees space; the hub recovers by itself.
   */
  STORAGE_FULL("storage_full", 503),
  /**
   * The hub's store failed a write (an I/O error, a read-only or vanished file): nothing was
   * recorded. Retrying after the {@code Retry-After} delay works once the store is writable again.
   */
  STORAGE_UNAVAILABLE("storage_unavailable", 503),
  /** A fault of the hub itself; never caused by what a client sent. */
  INTERNAL("internal", 500);

  private final String code;
  private final int httpStatus;

  ErrorCode(String code, int httpStatus) {
    this.code = code;
    this.httpStatus = httpStatus;
  }

  /** The wire name of this code, e.g. {@code bad_request}. */
  public String code() {
    return code;
  }

  /** The HTTP status an HTTP request failing with this code is answered with. */
  public int httpStatus() {
    return httpStatus;
  }

  /**
   * The {@code Retry-After} seconds an HTTP answer with this code carries, or 0 for none. Only the
   * answers that say "not now" (503) have one: a full or failing store needs an operator, so clients
   * wait longer than for a starting hub or one at a limit.
   *
   * @return seconds to wait before retrying, or 0 when retrying the same request will not help
   */
  public int retryAfterSeconds() {
    return switch (this) {
      case STORAGE_FULL, STORAGE_UNAVAILABLE -> 5;
      case UNAVAILABLE -> 1;
      default -> 0;
    };
  }
}
