package dev.eventhub.runtime.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;

/** Assertions on the hub's HTTP answers; a failed status assertion shows the body. */
public final class HttpAssertions {
  private HttpAssertions() {}

  /** Asserts {@code status} and returns the body as a JSON object. */
  public static JsonObject ok(HttpResponse<Buffer> r, int status) {
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(status);
    return r.bodyAsJsonObject();
  }

  /** Asserts {@code status} and a JSON content type, and returns the body as a JSON object. */
  public static JsonObject json(int status, HttpResponse<Buffer> r) {
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(status);
    assertThat(r.getHeader("Content-Type")).isEqualTo("application/json");
    return r.bodyAsJsonObject();
  }

  /** Asserts an error answer ({@code status}, and the error body of docs/protocol.md with {@code code}); returns its message. */
  public static String error(HttpResponse<Buffer> r, int status, String code) {
    JsonObject body = ok(r, status);
    assertThat(body.getString("error")).isEqualTo(code);
    return body.getString("message");
  }
}
