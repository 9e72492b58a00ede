package dev.eventhub.api.cloudevents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventhub.api.EventDraft;
import dev.eventhub.api.HubEvent;
import dev.eventhub.api.HubException;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.format.EventFormat;
import io.cloudevents.jackson.JsonFormat;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The mapping, with the examples of the CloudEvents 1.0 JSON format (section 3.2) and their HTTP binary
 * mode re-encodings, and the Java SDK ({@code io.cloudevents}) as an independent reader and writer.
 */
class CloudEventsTest {
  // JSON format 1.0, 3.2: the example with JSON object data (note "subject": null, which means absent).
  static final String SPEC_JSON_DATA = """
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
  // 3.2: XML data as a string, with an extension whose value is null (unset).
  static final String SPEC_XML_DATA = """
      {
          "specversion" : "1.0",
          "type" : "com.example.someevent",
          "source" : "/mycontext",
          "id" : "B234-1234-1234",
          "time" : "2018-04-05T17:31:00Z",
          "comexampleextension1" : "value",
          "comexampleothervalue" : 5,
          "unsetextension": null,
          "datacontenttype" : "application/xml",
          "data" : "<much wow=\\"xml\\"/>"
      }""";
  // 3.2: a literal JSON string as data and no datacontenttype.
  static final String SPEC_STRING_DATA = """
      {
          "specversion" : "1.0",
          "type" : "com.example.someevent",
          "source" : "/mycontext",
          "subject": null,
          "id" : "D234-1234-1234",
          "time" : "2018-04-05T17:31:00Z",
          "comexampleextension1" : "value",
          "comexampleothervalue" : 5,
          "data" : "I'm just a string"
      }""";

  @Test
  void shouldMapTheSpecsJsonExampleToADraftKeepingTheWholeCloudEvent() {
    EventDraft draft = CloudEvents.fromStructured(new JsonObject(SPEC_JSON_DATA));

    assertThat(draft.id()).isEqualTo("C234-1234-1234");
    assertThat(draft.category()).isEqualTo("mycontext");
    assertThat(draft.event()).isEqualTo("com-example-someevent");
    assertThat(draft.key()).isNull();
    JsonObject kept = draft.data();
    assertThat(kept.getString("type")).isEqualTo("com.example.someevent");
    assertThat(kept.getString("source")).isEqualTo("/mycontext");
    assertThat(kept.getString("comexampleextension1")).isEqualTo("value");
    assertThat(kept.getInteger("comexampleothervalue")).isEqualTo(5);
    assertThat(kept.getJsonObject("data")).isEqualTo(new JsonObject().put("appinfoA", "abc").put("appinfoB", 123)
        .put("appinfoC", true));
    assertThat(kept.containsKey("subject")).as("a null attribute is an absent one").isFalse();
    assertThat(draft.validate()).isNotNull();
  }

  @Test
  void shouldKeepStringDataAndDropUnsetExtensions() {
    EventDraft xml = CloudEvents.fromStructured(new JsonObject(SPEC_XML_DATA));
    assertThat(xml.data().getString("data")).isEqualTo("<much wow=\"xml\"/>");
    assertThat(xml.data().containsKey("unsetextension")).isFalse();

    EventDraft text = CloudEvents.fromStructured(new JsonObject(SPEC_STRING_DATA));
    assertThat(text.data().getString("data")).isEqualTo("I'm just a string");
  }

  @Test
  void shouldReadTheSpecsBinaryModeExamples() {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap()
        .add("ce-specversion", "1.0").add("ce-type", "com.example.someevent").add("ce-source", "/mycontext")
        .add("ce-id", "C234-1234-1234").add("ce-time", "2018-04-05T17:31:00Z")
        .add("ce-comexampleextension1", "value").add("ce-comexampleothervalue", "5")
        .add("content-type", "application/json");
    EventDraft json = CloudEvents.fromBinary(headers, Buffer.buffer(
        "{\n  \"appinfoA\" : \"abc\",\n  \"appinfoB\" : 123,\n  \"appinfoC\" : true\n}"));
    assertThat(json.category()).isEqualTo("mycontext");
    assertThat(json.data().getJsonObject("data").getInteger("appinfoB")).isEqualTo(123);
    assertThat(json.data().getString("datacontenttype")).isEqualTo("application/json");
    assertThat(json.data().getString("comexampleothervalue")).as("binary mode values are strings").isEqualTo("5");

    headers.set("ce-id", "B234-1234-1234").set("content-type", "application/xml");
    EventDraft xml = CloudEvents.fromBinary(headers, Buffer.buffer("<much wow=\"xml\"/>"));
    assertThat(xml.data().getString("data")).isEqualTo("<much wow=\"xml\"/>");

    byte[] thrift = {0, 1, 2, (byte) 0xff, (byte) 0xfe};
    headers.set("ce-id", "A234-1234-1234").set("content-type", "application/vnd.apache.thrift.binary");
    EventDraft binary = CloudEvents.fromBinary(headers, Buffer.buffer(thrift));
    assertThat(binary.data().containsKey("data")).isFalse();
    assertThat(Base64.getDecoder().decode(binary.data().getString("data_base64"))).isEqualTo(thrift);

    headers.set("ce-id", "D234-1234-1234").set("content-type", "application/json");
    EventDraft string = CloudEvents.fromBinary(headers, Buffer.buffer("\"I'm just a string\""));
    assertThat(string.data().getString("data")).isEqualTo("I'm just a string");
  }

  @Test
  void shouldPercentDecodeBinaryModeHeaderValues() {
    MultiMap headers = binaryHeaders().add("ce-subject", "caf%C3%A9 %22x%22 100%25");
    assertThat(CloudEvents.fromBinary(headers, Buffer.buffer()).key()).isEqualTo("café \"x\" 100%");
  }

  @Test
  void shouldRenderAHubEventAsACloudEventTheSdkReads() {
    HubEvent native_ = new HubEvent("e-1", "000000000000002a", "orders", "order-placed", "o-17",
        Instant.parse("2026-11-21T12:34:56.789Z"), new JsonObject().put("total", 12));
    JsonObject ce = new JsonObject(CloudEvents.encode(native_));
    assertThat(ce).isEqualTo(new JsonObject().put("specversion", "1.0").put("id", "e-1").put("source", "/orders")
        .put("type", "order-placed").put("subject", "o-17").put("time", "2026-11-21T12:34:56.789Z")
        .put("datacontenttype", "application/json").put("hubcursor", "000000000000002a")
        .put("data", new JsonObject().put("total", 12)));

    CloudEvent read = sdk().deserialize(CloudEvents.encode(native_).getBytes(StandardCharsets.UTF_8));
    assertThat(read.getId()).isEqualTo("e-1");
    assertThat(read.getType()).isEqualTo("order-placed");
    assertThat(read.getSource().toString()).isEqualTo("/orders");
    assertThat(read.getSubject()).isEqualTo("o-17");
    assertThat(read.getExtension("hubcursor")).isEqualTo("000000000000002a");
    assertThat(new JsonObject(Buffer.buffer(read.getData().toBytes()))).isEqualTo(new JsonObject().put("total", 12));
  }

  @Test
  void shouldGiveBackTheCloudEventAsPostedWithTheCursorAdded() {
    EventDraft draft = CloudEvents.fromStructured(new JsonObject(SPEC_JSON_DATA));
    HubEvent recorded = new HubEvent(draft.id(), "00000000000000ff", draft.category(), draft.event(), draft.key(),
        Instant.parse("2026-11-21T12:00:00Z"), draft.data());

    JsonObject out = CloudEvents.toCloudEvent(recorded);
    JsonObject expected = new JsonObject(SPEC_JSON_DATA);
    expected.remove("subject");
    assertThat(out).isEqualTo(expected.put("hubcursor", "00000000000000ff"));

    CloudEvent read = sdk().deserialize(out.encode().getBytes(StandardCharsets.UTF_8));
    assertThat(read.getType()).isEqualTo("com.example.someevent");
    assertThat(read.getTime().toInstant()).isEqualTo(Instant.parse("2018-04-05T17:31:00Z"));
    assertThat(read.getExtension("comexampleothervalue")).isEqualTo(5);
  }

  @Test
  void shouldAcceptWhatTheSdkWrites() {
    CloudEvent sdkEvent = io.cloudevents.core.builder.CloudEventBuilder.v1().withId("sdk-1")
        .withSource(java.net.URI.create("https://github.com/cloudevents/spec/pull")).withType("com.github.pull_request.opened")
        .withSubject("123").withExtension("traceparent", "00-abc-def-01").withExtension("count", 3)
        .withData("application/json", "{\"n\":1}".getBytes(StandardCharsets.UTF_8)).build();
    EventDraft draft = CloudEvents.fromStructured(new JsonObject(Buffer.buffer(sdk().serialize(sdkEvent))));
    assertThat(draft.category()).isEqualTo("https-github-com-cloudevents-spec-pull");
    assertThat(draft.event()).isEqualTo("com-github-pull-request-opened");
    assertThat(draft.key()).isEqualTo("123");
    assertThat(draft.data().getString("traceparent")).isEqualTo("00-abc-def-01");
    assertThat(draft.data().getJsonObject("data")).isEqualTo(new JsonObject().put("n", 1));
  }

  @Test
  void shouldNameTheCategoryAndEventBySlugs() {
    assertThat(CloudEvents.category("/mycontext/4")).isEqualTo("mycontext-4");
    assertThat(CloudEvents.category("urn:event:from:MyApi/resource/123")).isEqualTo("urn-event-from-myapi-resource-123");
    assertThat(CloudEvents.eventName("order-placed")).isEqualTo("order-placed");
    assertThat(CloudEvents.category("/" + "x".repeat(100))).hasSize(EventDraft.MAX_NAME_LENGTH);
  }

  @Test
  void shouldDropAnIncomingCursorExtension() {
    JsonObject ce = new JsonObject(SPEC_JSON_DATA).put("hubcursor", "00000000000000aa");
    assertThat(CloudEvents.fromStructured(ce).data().containsKey("hubcursor")).isFalse();
  }

  @Test
  void shouldRefuseInvalidCloudEventsNamingWhatIsWrong() {
    refused(base().put("specversion", "0.3"), "'specversion'");
    refused(without("specversion"), "'specversion' is required");
    refused(without("id"), "'id' is required");
    refused(without("source"), "'source' is required");
    refused(without("type"), "'type' is required");
    refused(base().put("id", ""), "'id' must be");
    refused(base().put("id", 17), "'id' must be a string");
    refused(base().put("id", "x".repeat(129)), "'id'");
    refused(base().put("source", "not a uri"), "'source'");
    refused(base().put("time", "yesterday"), "'time'");
    refused(base().put("dataschema", "relative/path"), "'dataschema'");
    refused(base().put("subject", "s".repeat(257)), "'subject'");
    refused(base().put("Bad_Name", "x"), "'Bad_Name'");
    refused(base().put("comexampleobject", new JsonObject().put("a", 1)), "'comexampleobject'");
    refused(base().put("comexamplefloat", 1.5), "'comexamplefloat'");
    refused(base().put("data_base64", "AAAA").put("data", "x"), "'data_base64'");
    refused(base().put("data_base64", "not base64!"), "'data_base64'");
    refused(base().put("source", "/"), "'source'");
    refused(base().put("type", "..."), "'type'");
  }

  @Test
  void shouldRefuseBadBinaryModeRequests() {
    assertThatThrownBy(() -> CloudEvents.fromBinary(binaryHeaders().set("content-type", "application/json"),
        Buffer.buffer("{not json"))).isInstanceOf(HubException.class).hasMessageContaining("body");
    assertThatThrownBy(() -> CloudEvents.fromBinary(binaryHeaders().add("ce-bad_name", "x"), Buffer.buffer()))
        .isInstanceOf(HubException.class).hasMessageContaining("ce-bad_name");
    assertThatThrownBy(() -> CloudEvents.fromBinary(binaryHeaders().add("ce-id", "again"), Buffer.buffer()))
        .isInstanceOf(HubException.class).hasMessageContaining("ce-id");
    assertThatThrownBy(() -> CloudEvents.fromBinary(binaryHeaders().add("ce-subject", "%zz"), Buffer.buffer()))
        .isInstanceOf(HubException.class).hasMessageContaining("ce-subject");
  }

  @Test
  void shouldTellTheContentModesApart() {
    assertThat(CloudEvents.mode(MultiMap.caseInsensitiveMultiMap()
        .add("Content-Type", "application/cloudevents+json; charset=utf-8"))).isEqualTo(CloudEvents.Mode.STRUCTURED);
    assertThat(CloudEvents.mode(MultiMap.caseInsensitiveMultiMap()
        .add("Content-Type", "Application/CloudEvents-Batch+JSON"))).isEqualTo(CloudEvents.Mode.BATCH);
    assertThat(CloudEvents.mode(binaryHeaders())).isEqualTo(CloudEvents.Mode.BINARY);
    assertThat(CloudEvents.mode(MultiMap.caseInsensitiveMultiMap().add("Content-Type", "application/json"))).isNull();
    assertThatThrownBy(() -> CloudEvents.mode(MultiMap.caseInsensitiveMultiMap()
        .add("Content-Type", "application/cloudevents+avro"))).isInstanceOf(HubException.class)
        .hasMessageContaining("application/cloudevents+avro");
  }

  @Test
  void shouldReadABatch() {
    List<EventDraft> drafts = CloudEvents.fromBatch(Buffer.buffer("[" + SPEC_JSON_DATA + "," + SPEC_XML_DATA + "]"));
    assertThat(drafts).extracting(EventDraft::id).containsExactly("C234-1234-1234", "B234-1234-1234");
    assertThat(CloudEvents.fromBatch(Buffer.buffer("[]"))).isEmpty();
    assertThatThrownBy(() -> CloudEvents.fromBatch(Buffer.buffer("[" + SPEC_JSON_DATA + ",{}]")))
        .isInstanceOf(HubException.class).hasMessageStartingWith("event 1: ");
    assertThatThrownBy(() -> CloudEvents.fromBatch(Buffer.buffer("{}"))).isInstanceOf(HubException.class)
        .hasMessageContaining("array");
  }

  private static MultiMap binaryHeaders() {
    return MultiMap.caseInsensitiveMultiMap().add("ce-specversion", "1.0").add("ce-type", "t").add("ce-source", "/s")
        .add("ce-id", "i");
  }

  private static JsonObject base() {
    return new JsonObject(SPEC_JSON_DATA);
  }

  private static JsonObject without(String attribute) {
    JsonObject json = base();
    json.remove(attribute);
    return json;
  }

  private static void refused(JsonObject ce, String naming) {
    assertThatThrownBy(() -> CloudEvents.fromStructured(ce)).isInstanceOf(HubException.class)
        .hasMessageContaining(naming);
  }

  private static EventFormat sdk() {
    return new JsonFormat();
  }
}
