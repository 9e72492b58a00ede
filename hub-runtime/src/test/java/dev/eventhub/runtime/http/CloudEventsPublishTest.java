package dev.eventhub.runtime.http;

import static dev.eventhub.runtime.testing.HttpAssertions.error;
import static dev.eventhub.runtime.testing.HttpAssertions.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** POST /api/events with CloudEvents 1.0 (issue 19): the spec's examples over real HTTP. */
class CloudEventsPublishTest {
  // JSON event format 1.0, 3.2 (data as a JSON object).
  static final String SPEC_EVENT = """
      {
          "specversion" : "1.0",
          "type" : "com.example.someevent",
          "source" : "/mycontext",
          "subject": null,
          "id" : "C234-1234-1234",
          "time" : "2018-04-05T17:31:00Z",
          "comexampleextension1" : "value",
          "comexampleothervalue" : 5,
          "datacontenttype" : "application/json",
          "data" : {
              "appinfoA" : "abc",
              "appinfoB" : 123,
              "appinfoC" : true
          }
      }""";
  // JSON batch format 1.0, 4.3 (with real Base64 for "... base64 encoded string ...").
  static final String SPEC_BATCH = """
      [
        {
            "specversion" : "1.0",
            "type" : "com.example.someevent",
            "source" : "/mycontext/4",
            "id" : "B234-1234-1234",
            "time" : "2018-04-05T17:31:00Z",
            "comexampleextension1" : "value",
            "comexampleothervalue" : 5,
            "datacontenttype" : "application/vnd.apache.thrift.binary",
            "data_base64" : "AAEC/w=="
        },
        {
            "specversion" : "1.0",
            "type" : "com.example.someotherevent",
            "source" : "/mycontext/9",
            "id" : "C234-1234-1234",
            "time" : "2018-04-05T17:31:05Z",
            "comexampleextension1" : "value",
            "comexampleothervalue" : 5,
            "datacontenttype" : "application/json",
            "data" : {
                "appinfoA" : "abc",
                "appinfoB" : 123,
                "appinfoC" : true
            }
        }
      ]""";

  @TempDir Path dir;
  TestHub hub;
  String token;

  @BeforeEach
  void start() {
    hub = TestHub.start(dir, c -> c.with("http.maxBodySize", 4096));
    token = hub.adminToken();
  }

  @AfterEach
  void stop() {
    hub.close();
  }

  @Test
  void shouldRecordAStructuredCloudEventOnceByItsId() {
    JsonObject first = json(201, post("application/cloudevents+json; charset=utf-8", SPEC_EVENT, token));
    assertThat(first.getString("id")).isEqualTo("C234-1234-1234");
    JsonObject again = json(200, post("application/cloudevents+json", SPEC_EVENT, token));
    assertThat(again).isEqualTo(first);

    List<JsonObject> events = history("mycontext");
    assertThat(events).hasSize(1);
    JsonObject event = events.get(0);
    assertThat(event.getString("event")).isEqualTo("com-example-someevent");
    assertThat(event.getString("key")).isNull();
    assertThat(event.getJsonObject("data").getString("comexampleextension1")).isEqualTo("value");
    assertThat(event.getJsonObject("data").getJsonObject("data").getInteger("appinfoB")).isEqualTo(123);
  }

  @Test
  void shouldRecordTheSpecsBatchInOrder() {
    JsonObject answer = json(201, post("application/cloudevents-batch+json", SPEC_BATCH, token));
    JsonArray events = answer.getJsonArray("events");
    assertThat(events).hasSize(2);
    assertThat(events.getJsonObject(0).getString("id")).isEqualTo("B234-1234-1234");
    assertThat(history("mycontext-4").get(0).getJsonObject("data").getString("data_base64")).isEqualTo("AAEC/w==");
    assertThat(history("mycontext-9").get(0).getString("event")).isEqualTo("com-example-someotherevent");

    assertThat(json(200, post("application/cloudevents-batch+json", SPEC_BATCH, token)).getJsonArray("events"))
        .isEqualTo(events);
    assertThat(json(200, post("application/cloudevents-batch+json", "[]", token)).getJsonArray("events")).isEmpty();
  }

  @Test
  void shouldRecordTheSpecsBinaryModeExample() {
    MultiMap headers = binary("A234-1234-1234").add("Content-Type", "application/vnd.apache.thrift.binary");
    byte[] body = {0, 1, 2, (byte) 0xff};
    assertThat(json(201, send(headers, Buffer.buffer(body), token)).getString("id")).isEqualTo("A234-1234-1234");
    assertThat(json(200, send(headers, Buffer.buffer(body), token)).getString("id")).isEqualTo("A234-1234-1234");

    JsonObject data = history("mycontext").get(0).getJsonObject("data");
    assertThat(data.getString("comexampleextension1")).isEqualTo("value");
    assertThat(data.getString("datacontenttype")).isEqualTo("application/vnd.apache.thrift.binary");
    assertThat(Base64.getDecoder().decode(data.getString("data_base64"))).isEqualTo(body);
  }

  @Test
  void shouldRefuseBadCloudEventsNamingWhatIsWrongAndRecordNothing() {
    assertThat(error(post("application/cloudevents+json", SPEC_EVENT.replace("\"1.0\"", "\"0.3\""), token), 400,
        "bad_request")).contains("'specversion'");
    assertThat(error(post("application/cloudevents+json", "{\"specversion\":\"1.0\",\"id\":\"x\",\"source\":\"/s\"}",
        token), 400, "bad_request")).contains("'type' is required");
    assertThat(error(post("application/cloudevents+json", "[]", token), 400, "bad_request")).contains("JSON object");
    assertThat(error(post("application/cloudevents+json", "{oops", token), 400, "bad_request")).contains("not JSON");
    assertThat(error(post("application/cloudevents-batch+json", "[" + SPEC_EVENT + ",{\"specversion\":\"1.0\"}]",
        token), 400, "bad_request")).startsWith("event 1: ");
    assertThat(error(post("application/cloudevents+avro", SPEC_EVENT, token), 400, "bad_request"))
        .contains("application/cloudevents+avro");
    assertThat(error(send(binary("x").add("ce-Bad_Name", "1"), Buffer.buffer(), token), 400, "bad_request"))
        .contains("ce-Bad_Name");
    assertThat(error(send(binary("x").add("Content-Type", "application/json"), Buffer.buffer("{no"), token), 400,
        "bad_request")).contains("body");
    assertThat(history("mycontext")).isEmpty();
  }

  @Test
  void shouldApplyTheSameAuthScopesAndLimits() {
    error(post("application/cloudevents+json", SPEC_EVENT, null), 401, "unauthorized");
    assertThat(error(post("application/cloudevents+json", SPEC_EVENT, hub.token("publish:orders")), 403, "forbidden"))
        .contains("publish:mycontext");
    json(201, post("application/cloudevents+json", SPEC_EVENT, hub.token("publish:mycontext")));
    String big = new JsonObject(SPEC_EVENT).put("id", "big").put("data", "x".repeat(5000)).encode();
    error(post("application/cloudevents+json", big, token), 413, "too_large");
  }

  private List<JsonObject> history(String category) {
    JsonObject page = json(200, hub.get("/api/events?categories=" + category, token));
    return page.getJsonArray("events").stream().map(JsonObject.class::cast).toList();
  }

  private static MultiMap binary(String id) {
    return MultiMap.caseInsensitiveMultiMap().add("ce-specversion", "1.0").add("ce-type", "com.example.someevent")
        .add("ce-source", "/mycontext").add("ce-id", id).add("ce-time", "2018-04-05T17:31:00Z")
        .add("ce-comexampleextension1", "value").add("ce-comexampleothervalue", "5");
  }

  private HttpResponse<Buffer> post(String contentType, String body, String bearer) {
    return send(MultiMap.caseInsensitiveMultiMap().add("Content-Type", contentType), Buffer.buffer(body), bearer);
  }

  private HttpResponse<Buffer> send(MultiMap headers, Buffer body, String bearer) {
    var request = hub.client().post("/api/events").putHeaders(headers);
    if (bearer != null) {
      request.bearerTokenAuthentication(bearer);
    }
    return TestHub.await(request.sendBuffer(body));
  }
}
