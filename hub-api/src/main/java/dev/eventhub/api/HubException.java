package dev.eventhub.api;

import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * A failure that the hub reports to a client as it is: an {@link ErrorCode} and a message that
 * names what was wrong.
 *
 * <p>Fail a {@code Future} with this exception (or throw it from a validating method) when the
 * caller's input or the current state is the cause; the runtime and the bundled sinks turn it into
 * the hub's error object (docs/protocol.md) with the code's HTTP status. Any other exception is reported as
 * {@link ErrorCode#INTERNAL} and logged, so reserve those for faults of the hub.
 */
public final class HubException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;

  /**
   * Creates an exception with a code and a message for the client.
   *
   * @param code what kind of failure this is
   * @param message what was wrong, naming the field or thing at fault; sent to the client
   */
  public HubException(ErrorCode code, String message) {
    super(message, null, false, false);
    this.code = Objects.requireNonNull(code, "code");
  }

  /** The error code. */
  public ErrorCode code() {
    return code;
  }

  /** The hub's HTTP error body: {@code {"error":"<code>","message":"..."}}. */
  public JsonObject toJson() {
    return new JsonObject().put("error", code.code()).put("message", getMessage());
  }

  /** A {@link ErrorCode#BAD_REQUEST} with the given message. */
  public static HubException badRequest(String message) {
    return new HubException(ErrorCode.BAD_REQUEST, message);
  }

  /** A {@link ErrorCode#NOT_FOUND} with the given message. */
  public static HubException notFound(String message) {
    return new HubException(ErrorCode.NOT_FOUND, message);
  }

  /** A {@link ErrorCode#CONFLICT} with the given message. */
  public static HubException conflict(String message) {
    return new HubException(ErrorCode.CONFLICT, message);
  }

  /** A {@link ErrorCode#FORBIDDEN} with the given message. */
  public static HubException forbidden(String message) {
    return new HubException(ErrorCode.FORBIDDEN, message);
  }

  /** A {@link ErrorCode#UNAUTHORIZED} with the given message. */
  public static HubException unauthorized(String message) {
    return new HubException(ErrorCode.UNAUTHORIZED, message);
  }

  /** A {@link ErrorCode#TOO_LARGE} with the given message. */
  public static HubException tooLarge(String message) {
    return new HubException(ErrorCode.TOO_LARGE, message);
  }
}
