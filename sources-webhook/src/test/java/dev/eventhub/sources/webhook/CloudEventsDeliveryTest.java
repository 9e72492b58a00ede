package dev.eventhub.sources.webhook;

import static dev.eventhub.runtime.testing.HttpAssertions.error;
import static dev.eventhub.runtime.testing.HttpAssertions.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** Subscriptions with {@code "format":"cloudevents"} (issue 19): structured mode, signed as every delivery. */
class CloudEventsDeliveryTest extends WebhookTestBase {
  // CloudEvents JSON event format 1.0, 3.2.
  static final String SPEC_EVENT = """
      {
          "specversion" : "1.0",
          "type" : "com.example.someevent",
          "source" : "/mycontext",
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

  @Test
  void shouldDeliverAHubEventAsAStructuredCloudEventSigned() {
    start();
    JsonObject created = subscribe(new JsonObject().put("id", "ce").put("url", receiver.url("/ce"))
        .put("categories", new JsonArray().add("orders")).put("format", "cloudevents"));
    assertThat(created.getString("format")).isEqualTo("cloudevents");
    JsonObject published = hub.publish("orders", "order-placed", "o-1", new JsonObject().put("total", 42));

    Receiver.Request request = receiver.next();
    assertThat(request.headers().get("Content-Type")).isEqualTo("application/cloudevents+json");
    String id = published.getString("id");
    assertThat(request.headers().get("webhook-id")).isEqualTo(id);
    assertThat(StandardWebhooks.verify(created.getString("secret"), id, request.headers().get("webhook-timestamp"),
        request.body().getBytes(), request.headers().get("webhook-signature"))).isTrue();
    JsonObject ce = request.json();
    assertThat(ce.getString("specversion")).isEqualTo("1.0");
    assertThat(ce.getString("id")).isEqualTo(id);
    assertThat(ce.getString("source")).isEqualTo("/orders");
    assertThat(ce.getString("type")).isEqualTo("order-placed");
    assertThat(ce.getString("subject")).isEqualTo("o-1");
    assertThat(ce.getString("hubcursor")).isEqualTo(published.getString("cursor"));
    assertThat(ce.getJsonObject("data")).isEqualTo(new JsonObject().put("total", 42));
    assertThat(ok(hub.get("/api/webhook/subscriptions/ce", token), 200).getString("format")).isEqualTo("cloudevents");
  }

  @Test
  void shouldGiveBackACloudEventAsItWasPosted() {
    start();
    subscribe(new JsonObject().put("id", "ce").put("url", receiver.url("/ce"))
        .put("categories", new JsonArray().add("mycontext")).put("format", "cloudevents"));
    JsonObject answer = ok(TestHub.await(hub.client().post("/api/events").bearerTokenAuthentication(token)
        .putHeader("Content-Type", "application/cloudevents+json").sendBuffer(Buffer.buffer(SPEC_EVENT))), 201);

    JsonObject delivered = receiver.next().json();
    assertThat(delivered).isEqualTo(new JsonObject(SPEC_EVENT).put("hubcursor", answer.getString("cursor")));
  }

  @Test
  void shouldKeepTheHubFormatByDefaultAndRefuseAnUnknownFormat() {
    start();
    assertThat(subscribe("plain", "/p", "orders").getString("format")).isEqualTo("hub");
    String message = error(hub.post("/api/webhook/subscriptions", token, new JsonObject().put("url", receiver.url("/x"))
        .put("categories", new JsonArray().add("orders")).put("format", "xml")), 400, "bad_request");
    assertThat(message).contains("'format'").contains("cloudevents");

    String id = publish("orders", "order-placed", "o-2", null);
    Receiver.Request request = receiver.next();
    assertThat(request.headers().get("Content-Type")).isEqualTo("application/json");
    assertThat(request.json().getString("id")).isEqualTo(id);
    assertThat(request.json().containsKey("specversion")).isFalse();
  }
}
