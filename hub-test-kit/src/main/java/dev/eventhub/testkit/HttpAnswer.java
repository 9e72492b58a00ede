package dev.eventhub.testkit;

import io.vertx.core.json.JsonObject;

/**
 * One HTTP answer of the hub under test, read whole.
 *
 * @param status the status code
 * @param contentType the {@code Content-Type} header, or null
 * @param body the body as text (empty when there is none)
 */
public record HttpAnswer(int status, String contentType, String body) {
  /**
   * The body as a JSON object (the hub's answers and error bodies are JSON objects).
   *
   * @throws io.vertx.core.json.DecodeException when the body is not a JSON object
   */
  public JsonObject json() {
    return new JsonObject(body);
  }

  /** The {@code error} code of an error body ({@code bad_request}, {@code internal}...), or null. */
  public String error() {
    return body.startsWith("{") ? json().getString("error") : null;
  }
}
