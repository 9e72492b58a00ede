package dev.eventhub.sources.dlq;

import static dev.eventhub.runtime.testing.HttpAssertions.error;
import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.api.HubEvent;
import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class DlqResubmitTest extends DlqTestBase {
  private final List<Message<Object>> received = new CopyOnWriteArrayList<>();
  private final AtomicBoolean originHealthy = new AtomicBoolean(true);

  private void origin(String address) {
    MessageConsumer<Object> consumer = hub.vertx().eventBus().consumer(address, m -> {
      received.add(m);
      if (originHealthy.get()) {
        m.reply(new JsonObject().put("ok", true));
      } else {
        m.fail(503, "downstream still down");
      }
    });
    TestHub.await(consumer.completion());
  }

  @Test
  void shouldSendThePayloadBackToALiveOriginAndResolveTheEntry() {
    start();
    origin("test.origin");
    JsonObject payload = new JsonObject().put("delivery", 42);
    String id = parkOnBus(entry("webhook", "test.origin", payload).put("attempts", 4));

    JsonObject outcome = post("/api/dlq/entries/" + id + "/resubmit", null);

    assertThat(outcome.getBoolean("success")).isTrue();
    assertThat(outcome.getJsonObject("entry").getString("state")).isEqualTo("resolved");
    assertThat(outcome.getJsonObject("entry").getString("resolution")).isEqualTo("resubmitted");
    assertThat(received).hasSize(1);
    assertThat(received.get(0).body()).isEqualTo(payload);
    assertThat(received.get(0).headers().get("dlq-entry-id")).isEqualTo(id);
    assertThat(received.get(0).headers().get("dlq-attempts")).isEqualTo("4");
    JsonObject stored = get("/api/dlq/entries/" + id);
    assertThat(stored.getString("state")).isEqualTo("resolved");
    assertThat(stored.getJsonArray("resubmissions")).hasSize(1);
    HubEvent resubmitted = events.next("entry-resubmitted", id);
    assertThat(resubmitted.data().getBoolean("success")).isTrue();
    assertThat(events.next("entry-resolved", id).data().getString("resolution")).isEqualTo("resubmitted");
  }

  @Test
  void shouldKeepTheEntryParkedAndCountTheAttemptWhenTheOriginFailsThenResolveOnceItRecovers() {
    start();
    origin("test.origin");
    originHealthy.set(false);
    String id = parkOnBus(entry("webhook", "test.origin", "p"));

    JsonObject failed = post("/api/dlq/entries/" + id + "/resubmit", null);

    assertThat(failed.getBoolean("success")).isFalse();
    assertThat(failed.getString("error")).contains("503").contains("downstream still down");
    JsonObject entry = get("/api/dlq/entries/" + id);
    assertThat(entry.getString("state")).isEqualTo("parked");
    assertThat(entry.getInteger("attempts")).isEqualTo(2);
    assertThat(events.next("entry-resubmitted", id).data().getBoolean("success")).isFalse();

    originHealthy.set(true);
    JsonObject succeeded = post("/api/dlq/entries/" + id + "/resubmit", null);

    assertThat(succeeded.getBoolean("success")).isTrue();
    assertThat(received).hasSize(2);
    JsonArray history = get("/api/dlq/entries/" + id).getJsonArray("resubmissions");
    assertThat(history.stream().map(o -> ((JsonObject) o).getBoolean("success"))).containsExactly(false, true);
  }

  @Test
  void shouldRecordAFailureWhenNothingListensOnTheOriginAddress() {
    start();
    String id = parkOnBus(entry("webhook", "nobody.listens", "p"));

    JsonObject outcome = post("/api/dlq/entries/" + id + "/resubmit", null);

    assertThat(outcome.getBoolean("success")).isFalse();
    assertThat(outcome.getString("error")).contains("nothing listens on origin address 'nobody.listens'");
    assertThat(get("/api/dlq/entries/" + id).getString("state")).isEqualTo("parked");
  }

  @Test
  void shouldRecordATimeoutWhenTheOriginDoesNotReply() {
    start(c -> c.with("plugins.dlq.resubmitTimeout", "300ms"));
    io.vertx.core.Promise<Void> reached = io.vertx.core.Promise.promise();
    TestHub.await(hub.vertx().eventBus().consumer("test.silent", m -> {
      received.add(m);
      reached.tryComplete();
    }).completion());
    String id = parkOnBus(entry("webhook", "test.silent", "p"));

    JsonObject outcome = post("/api/dlq/entries/" + id + "/resubmit", null);

    assertThat(outcome.getBoolean("success")).isFalse();
    assertThat(outcome.getString("error")).contains("did not reply in time");
    // On a busy machine the origin's loop may take the message only after the timeout has answered.
    TestHub.await(reached.future());
    assertThat(received).hasSize(1);
  }

  @Test
  void shouldRefuseToResubmitWhatCannotBeResubmitted() {
    start();
    origin("test.origin");
    String noAddress = parkOnBus(entry("webhook", null, "p"));
    String resolved = parkOnBus(entry("webhook", "test.origin", "p"));
    post("/api/dlq/entries/" + resolved + "/resolve", null);

    assertThat(error(hub.post("/api/dlq/entries/" + noAddress + "/resubmit", token, null), 409, "conflict"))
        .contains("no origin address");
    assertThat(error(hub.post("/api/dlq/entries/" + resolved + "/resubmit", token, null), 409, "conflict"))
        .contains("already resolved");
    error(hub.post("/api/dlq/entries/0000000000000-0000/resubmit", token, null), 404, "not_found");
    assertThat(received).isEmpty();
  }

  @Test
  void shouldResubmitAnEntryParkedOverHttpToAnAddressTheOperatorAllows() {
    start(c -> c.with("plugins.dlq.httpOriginAddresses", new JsonArray().add("test.*")));
    origin("test.origin");
    JsonObject parked = parkOverHttp(entry("client-app", "test.origin", new JsonObject().put("n", 1)));

    JsonObject outcome = post("/api/dlq/entries/" + parked.getString("id") + "/resubmit", null);

    assertThat(outcome.getBoolean("success")).isTrue();
    assertThat(received).hasSize(1);
    error(hub.post("/api/dlq/entries", token, entry("client-app", "other.address", 1)), 400, "bad_request");
  }

  @Test
  void shouldResolveWithANoteOnceAndRefuseASecondResolve() {
    start();
    String id = parkOnBus(entry("webhook", null, "p"));

    JsonObject resolved = post("/api/dlq/entries/" + id + "/resolve", new JsonObject().put("note", "customer refunded"));

    assertThat(resolved.getString("state")).isEqualTo("resolved");
    assertThat(resolved.getString("resolution")).isEqualTo("manual");
    assertThat(resolved.getString("note")).isEqualTo("customer refunded");
    assertThat(resolved.getString("resolvedAt")).isNotNull();
    HubEvent event = events.next("entry-resolved", id);
    // Events are references only (issue 17 item 9): the note is in the entry.
    assertThat(event.data().getString("resolution")).isEqualTo("manual");
    assertThat(event.data().containsKey("note")).isFalse();
    assertThat(error(hub.post("/api/dlq/entries/" + id + "/resolve", token, null), 409, "conflict"))
        .contains("already resolved");
    error(hub.post("/api/dlq/entries/0000000000000-0000/resolve", token, null), 404, "not_found");
    error(hub.post("/api/dlq/entries/" + id + "/resolve", token, new JsonObject().put("note", 7)), 400, "bad_request");
    error(hub.post("/api/dlq/entries/" + id + "/resolve", token, "[]"), 400, "bad_request");
  }

  @Test
  void shouldClaimEachResubmissionBeforeSendingItAndRecordItsEventsUnderIdsDerivedFromTheEntry() {
    start();
    List<JsonObject> claimsOnArrival = new CopyOnWriteArrayList<>();
    MessageConsumer<Object> consumer = hub.vertx().eventBus().consumer("test.claims", m -> {
      String entryId = m.headers().get("dlq-entry-id");
      hub.hub().log().storage("dlq").get("entries", entryId).onComplete(ar -> {
        claimsOnArrival.add(ar.result().value().getJsonObject("resubmitting").put("header",
            m.headers().get("dlq-resubmission")));
        if (claimsOnArrival.size() == 1) {
          m.fail(503, "still down");
        } else {
          m.reply(new JsonObject());
        }
      });
    });
    TestHub.await(consumer.completion());
    String id = parkOnBus(entry("webhook", "test.claims", new JsonObject()));

    assertThat(post("/api/dlq/entries/" + id + "/resubmit", null).getBoolean("success")).isFalse();
    assertThat(post("/api/dlq/entries/" + id + "/resubmit", null).getBoolean("success")).isTrue();

    assertThat(claimsOnArrival).extracting(c -> c.getInteger("number")).containsExactly(1, 2);
    assertThat(claimsOnArrival).extracting(c -> c.getString("header")).containsExactly("1", "2");
    assertThat(get("/api/dlq/entries/" + id).containsKey("resubmitting")).as("the claim ends with the outcome")
        .isFalse();
    assertThat(events.next("entry-resubmitted", id).id()).isEqualTo("dlq-" + id + "-resubmission-1");
    assertThat(events.next("entry-resubmitted", id).id()).isEqualTo("dlq-" + id + "-resubmission-2");
    assertThat(events.next("entry-resolved", id).id()).isEqualTo("dlq-" + id + "-resolved");
  }
}
