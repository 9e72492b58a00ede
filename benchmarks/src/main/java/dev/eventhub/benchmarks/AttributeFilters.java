package dev.eventhub.benchmarks;

import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * S10 (issue 20): S1's fan-out on one hub, every event carrying two attributes, with subscribers that filter on
 * them ({@code "attributes": {"agent_id": "a-7", "task_id": "t-*"}}, an exact pair and a glob, which every event
 * matches, so that both variants deliver the same events) against subscribers without an attribute filter, run
 * after run: the server CPU per delivery of each is the cost of matching attributes on the live path.
 */
final class AttributeFilters {
  /** The attributes of every published event. */
  static final String ATTRIBUTES = "{\"agent_id\":\"a-7\",\"task_id\":\"t-42\"}";
  /** What a filtering subscriber adds to its subscribe request. */
  static final JsonObject FILTER = new JsonObject().put("attributes",
      new JsonObject().put("agent_id", "a-7").put("task_id", "t-*"));

  static final List<Report.Row> ROWS = List.of(
      new Report.Row("S10", "deliveries/s, one event per frame", "filtered", "deliveries/s", "", false, null, "plain"),
      new Report.Row("S10", "server CPU µs per delivery", "filtered", "server µs/delivery", "", false, null, "plain"),
      new Report.Row("S10", "generator CPU µs per delivery", "filtered", "generator µs/delivery", "", false, null,
          "plain"));

  private AttributeFilters() {}

  /** Sets {@code load} up for one variant: events with attributes always; the filter when {@code filtered}. */
  static Load variant(Load load, boolean filtered) {
    load.attributes = ATTRIBUTES;
    load.subscribeExtra = filtered ? FILTER.copy() : null;
    return load;
  }

  /** The text before S10's table. */
  static String caption() {
    return "S10: S1 on one hub, every event with two attributes, subscribers filtering on them (an exact pair and a"
        + " glob, matched by every event) against subscribers without an attribute filter (plain), run after run;"
        + " filtered/plain is the ratio of the medians.\n\n";
  }
}
