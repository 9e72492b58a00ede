package dev.eventhub.sinks.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A hand-written MCP client: one JSON-RPC message per POST, over the JDK's HTTP client, on the test thread. */
final class RawMcp {
  private static final Duration TIMEOUT = Duration.ofSeconds(90);
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  private final URI uri;
  private final AtomicLong ids = new AtomicLong();

  RawMcp(int port) {
    this.uri = URI.create("http://127.0.0.1:" + port + "/mcp");
  }

  HttpResponse<String> post(String token, String session, String body, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(TIMEOUT)
        .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (session != null) {
      b.header("Mcp-Session-Id", session);
    }
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return send(b.build());
  }

  HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new AssertionError("request failed: " + e, e);
    }
  }

  HttpRequest.Builder request(String token, String session) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(TIMEOUT);
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (session != null) {
      b.header("Mcp-Session-Id", session);
    }
    return b;
  }

  HttpClient http() {
    return http;
  }

  static String message(long id, String method, JsonObject params) {
    return new JsonObject().put("jsonrpc", "2.0").put("id", id).put("method", method).put("params", params).encode();
  }

  /** Initializes a session and says it is initialized; its id. */
  String initialize(String token) {
    HttpResponse<String> r = post(token, null, message(ids.incrementAndGet(), "initialize", new JsonObject()
        .put("protocolVersion", "2025-11-25").put("capabilities", new JsonObject())
        .put("clientInfo", new JsonObject().put("name", "raw").put("version", "1"))));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    String session = r.headers().firstValue("Mcp-Session-Id").orElseThrow();
    HttpResponse<String> done = post(token, session, new JsonObject().put("jsonrpc", "2.0")
        .put("method", "notifications/initialized").encode());
    assertThat(done.statusCode()).isEqualTo(202);
    return session;
  }

  /** A request's whole answer (result or error), after checking it was answered 200 as JSON. */
  JsonObject call(String token, String session, String method, JsonObject params) {
    HttpResponse<String> r = post(token, session, message(ids.incrementAndGet(), method, params));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return body(r);
  }

  /** A tool's result. */
  JsonObject tool(String token, String session, String name, JsonObject arguments) {
    JsonObject answer = call(token, session, "tools/call", new JsonObject().put("name", name).put("arguments", arguments));
    assertThat(answer.containsKey("result")).as(answer.encode()).isTrue();
    return answer.getJsonObject("result");
  }

  /** The JSON-RPC message of a JSON answer or of an SSE answer's last event. */
  static JsonObject body(HttpResponse<String> r) {
    String body = r.body();
    if (r.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream")) {
      String last = null;
      for (String line : body.split("\n")) {
        if (line.startsWith("data: ")) {
          last = line.substring(6);
        }
      }
      return new JsonObject(last);
    }
    return new JsonObject(body);
  }
}
