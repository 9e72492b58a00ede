package dev.eventhub.runtime.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.pointer.JsonPointer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import java.util.HashMap;
import java.util.Map;

/**
 * The hub's AsyncAPI document as a running hub serves it ({@code GET /api/asyncapi.json}), checked for
 * what can be checked cheaply (version 3.0.0, every {@code $ref} resolves, each operation's messages are
 * its channel's), and frames checked against its message schemas (draft 7, AsyncAPI's schema format).
 */
public final class AsyncApiCheck {
  private static final String BASE = "https://hub.invalid/asyncapi.json";
  private final JsonObject document;
  private final SchemaRepository schemas;

  private AsyncApiCheck(JsonObject document) {
    this.document = document;
    JsonSchemaOptions options = new JsonSchemaOptions().setDraft(Draft.DRAFT7).setBaseUri(BASE);
    this.schemas = SchemaRepository.create(options).dereference(BASE, JsonSchema.of(document.copy()));
  }

  /** Fetches the document from {@code hub} and checks its structure. */
  public static AsyncApiCheck of(TestHub hub) {
    HttpResponse<Buffer> r = hub.get("/api/asyncapi.json", hub.adminToken());
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return of(r.bodyAsJsonObject());
  }

  /** Checks the structure of {@code document}, an AsyncAPI document as the hub serves it. */
  public static AsyncApiCheck of(JsonObject document) {
    assertThat(document.getString("asyncapi")).isEqualTo("3.0.0");
    assertThat(document.getJsonObject("info").getString("title")).isNotBlank();
    checkRefs(document, document, "#");
    document.getJsonObject("operations").forEach(e -> {
      JsonObject operation = (JsonObject) e.getValue();
      assertThat(operation.getString("action")).as(e.getKey()).isIn("send", "receive");
      String channel = operation.getJsonObject("channel").getString("$ref");
      for (Object m : operation.getJsonArray("messages")) {
        assertThat(((JsonObject) m).getString("$ref")).as("operation %s", e.getKey()).startsWith(channel + "/messages/");
      }
    });
    return new AsyncApiCheck(document);
  }

  public JsonObject document() {
    return document;
  }

  /** Asserts that {@code frame}, which the hub sent on {@code channel}, is one of its send messages. */
  public void assertSent(String channel, JsonObject frame) {
    assertValid(channel, "send", frame);
  }

  /** Asserts that {@code frame}, which the hub accepted on {@code channel}, is one of its receive messages. */
  public void assertAccepted(String channel, JsonObject frame) {
    assertValid(channel, "receive", frame);
  }

  /**
   * Asserts that {@code payload} is valid as the message {@code message} of {@code channel} (by its name in
   * the channel's {@code messages}): for channels whose messages carry no {@code type}, such as SSE's, where
   * the SSE event name tells them apart.
   */
  public void assertMessage(String channel, String message, JsonObject payload) {
    JsonObject resolved = follow(document, "#/channels/" + channel + "/messages/" + message);
    String schema = resolved.getJsonObject("payload").getString("$ref");
    OutputUnit result = schemas.validator(JsonSchema.of(new JsonObject().put("$ref", BASE + schema)),
        new JsonSchemaOptions().setDraft(Draft.DRAFT7).setBaseUri(BASE)).validate(payload);
    assertThat(result.getValid()).as("%s as message %s of %s: %s", payload.encode(), message, channel,
        result.getErrors() == null ? result.getError() : result.getErrors()).isTrue();
  }

  /** Whether {@code frame} is valid as a message of {@code channel} in {@code action}, chosen by its {@code type}. */
  public boolean valid(String channel, String action, JsonObject frame) {
    return validate(channel, action, frame).getValid();
  }

  private void assertValid(String channel, String action, JsonObject frame) {
    OutputUnit result = validate(channel, action, frame);
    assertThat(result.getValid()).as("%s on %s (%s) against the AsyncAPI document: %s", frame.encode(), channel,
        action, result.getErrors() == null ? result.getError() : result.getErrors()).isTrue();
  }

  private OutputUnit validate(String channel, String action, JsonObject frame) {
    String schema = schemasByType(channel, action).get(frame.getString("type"));
    if (schema == null) {
      return new OutputUnit(false).setError("no " + action + " message of channel " + channel + " has type '"
          + frame.getString("type") + "'");
    }
    return schemas.validator(JsonSchema.of(new JsonObject().put("$ref", BASE + schema)),
        new JsonSchemaOptions().setDraft(Draft.DRAFT7).setBaseUri(BASE)).validate(frame);
  }

  /** The payload schema (a pointer) of each message of {@code channel} in {@code action}, by its type's const. */
  public Map<String, String> schemasByType(String channel, String action) {
    Map<String, String> out = new HashMap<>();
    document.getJsonObject("operations").forEach(e -> {
      JsonObject operation = (JsonObject) e.getValue();
      if (!action.equals(operation.getString("action"))
          || !("#/channels/" + channel).equals(operation.getJsonObject("channel").getString("$ref"))) {
        return;
      }
      for (Object m : operation.getJsonArray("messages")) {
        JsonObject message = follow(document, ((JsonObject) m).getString("$ref"));
        String pointer = message.getJsonObject("payload").getString("$ref");
        JsonObject payload = follow(document, pointer);
        String type = payload.getJsonObject("properties").getJsonObject("type").getString("const");
        out.put(type, pointer);
      }
    });
    assertThat(out).as("messages of channel %s in %s", channel, action).isNotEmpty();
    return out;
  }

  private static JsonObject follow(JsonObject document, String ref) {
    JsonObject target = resolve(document, ref);
    while (target.containsKey("$ref") && target.size() == 1) {
      target = resolve(document, target.getString("$ref"));
    }
    return target;
  }

  private static JsonObject resolve(JsonObject document, String ref) {
    assertThat(ref).as("a $ref inside the document").startsWith("#/");
    Object target = JsonPointer.from(ref.substring(1)).queryJson(document);
    assertThat(target).as("$ref %s", ref).isInstanceOf(JsonObject.class);
    return (JsonObject) target;
  }

  private static void checkRefs(JsonObject document, Object node, String where) {
    if (node instanceof JsonObject object) {
      if (object.getValue("$ref") instanceof String ref) {
        resolve(document, ref);
      }
      object.forEach(e -> checkRefs(document, e.getValue(), where + "/" + e.getKey()));
    } else if (node instanceof JsonArray array) {
      for (int i = 0; i < array.size(); i++) {
        checkRefs(document, array.getValue(i), where + "/" + i);
      }
    }
  }
}
