package dev.eventhub.sources.dlq;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.api.HubEvent;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** Issue 20: dead-letter events carry the entry and the plugin it came from as attributes. */
class DlqAttributesTest extends DlqTestBase {
  @Test
  void shouldSetTheEntryAndOriginPluginAttributes() {
    start();
    String id = parkOverHttp(entry("orders", null, new JsonObject().put("order", 17))).getString("id");
    HubEvent added = events.next("entry-added", id);
    assertThat(added.attribute("entry_id")).isEqualTo(id);
    assertThat(added.attribute("origin_plugin")).isEqualTo("orders");
  }
}
