package dev.eventhub.sinks.mcp.impl;

import dev.eventhub.api.EventDraft;
import dev.eventhub.api.EventFilter;
import dev.eventhub.api.EventHistory;
import dev.eventhub.api.HubPrincipal;
import dev.eventhub.sinks.mcp.McpSinkOptions;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Two prompts that start an investigation from the hub's data: a failing job (the latest events of its
 * key) and a dead letter (the entry, through the dlq plugin's {@code dlq_get} tool; listed only while that
 * plugin runs). The data is read with the caller's scopes.
 */
final class Prompts {
  static final String JOB = "investigate_job";
  static final String DEAD_LETTER = "investigate_dead_letter";
  private static final int JOB_EVENTS = 50;

  private final EventHistory history;
  private final Tools tools;
  private final McpSinkOptions options;

  Prompts(EventHistory history, Tools tools, McpSinkOptions options) {
    this.history = history;
    this.tools = tools;
    this.options = options;
  }

  JsonObject list() {
    JsonArray prompts = new JsonArray().add(new JsonObject().put("name", JOB)
        .put("description", "Investigate a failing job (a workflow run, a CI job, a schedule...) from its events")
        .put("arguments", new JsonArray()
            .add(argument("category", "the category the job's events are in, e.g. workflow", true))
            .add(argument("key", "the job's key, e.g. ci-1042", true))));
    if (tools.find("dlq_get") != null) {
      prompts.add(new JsonObject().put("name", DEAD_LETTER)
          .put("description", "Investigate a dead letter: why it failed, and whether to resubmit or resolve it")
          .put("arguments", new JsonArray().add(argument("id", "the dead-letter entry's id", true))));
    }
    return new JsonObject().put("prompts", prompts);
  }

  Future<JsonObject> get(Tool.Call call, JsonObject params) {
    Object name = params.getValue("name");
    JsonObject args = params.getValue("arguments") instanceof JsonObject a ? a : new JsonObject();
    if (JOB.equals(name)) {
      return job(call.principal(), args);
    }
    if (DEAD_LETTER.equals(name) && tools.find("dlq_get") != null) {
      return deadLetter(call, args);
    }
    return Future.failedFuture(Rpc.invalidParams("unknown prompt '" + name + "': prompts/list names them"));
  }

  private Future<JsonObject> job(HubPrincipal caller, JsonObject args) {
    String category = text(args, "category", EventDraft.MAX_NAME_LENGTH);
    String key = text(args, "key", EventDraft.MAX_KEY_LENGTH);
    if (!EventDraft.isValidName(category)) {
      throw Rpc.invalidParams("argument 'category' must match [a-z0-9-]+");
    }
    // One key's events: the whole category's grant or a per-key grant covering the key.
    if (!caller.mayRead(category, key)) {
      throw new Rpc.Error(Rpc.FORBIDDEN, "token does not allow subscribe:" + category + "/" + key);
    }
    int count = Math.min(JOB_EVENTS, options.maxResultEvents());
    return history.last(new EventFilter(List.of(category), List.of(), List.of(key)), count).map(page -> {
      String events = Results.renderPage(Results.page(page, options.maxResultBytes(), true));
      String text = "Investigate why the job '" + key + "' (events in category '" + category + "' of the event hub) "
          + "failed or is stuck.\n\nIts latest events, oldest first:\n" + events + "\n\n"
          + "Work from these events: find the step or event where it went wrong, when, and what its data says. Use "
          + "the hub's tools for more: query_events (categories [\"" + category + "\"], keys [\"" + key + "\"], "
          + "since a cursor) for earlier or other events, get_event for one event, list_categories for what each "
          + "event type means, wait_for_events to follow the job live. Then say what failed, the likely cause, "
          + "and what to do next.";
      return messages("Investigate job " + key, text);
    });
  }

  private Future<JsonObject> deadLetter(Tool.Call call, JsonObject args) {
    String id = text(args, "id", 64);
    Tool get = tools.find("dlq_get");
    return get.call(call, new JsonObject().put("id", id)).map(entry -> {
      String text = "Investigate the dead letter '" + id + "' of the event hub: something the hub or a plugin could "
          + "not deliver or process.\n\nThe entry:\n" + entry.encodePrettily() + "\n\n"
          + "Find out why it failed (its reason, attempts and origin), read the related events with query_events "
          + "(its category, around its failure times), and decide: if the cause is fixed, resubmit it with "
          + "dlq_resubmit; if it should not be retried, resolve it with dlq_resolve and a note saying why. Say what "
          + "you found before changing anything.";
      return messages("Investigate dead letter " + id, text);
    });
  }

  private static JsonObject argument(String name, String description, boolean required) {
    return new JsonObject().put("name", name).put("description", description).put("required", required);
  }

  private static String text(JsonObject args, String name, int max) {
    Object value = args.getValue(name);
    if (!(value instanceof String s) || s.isEmpty() || s.length() > max) {
      throw Rpc.invalidParams("argument '" + name + "' is required: a string of 1 to " + max + " characters");
    }
    return s;
  }

  private static JsonObject messages(String description, String text) {
    return new JsonObject().put("description", description).put("messages", new JsonArray().add(new JsonObject()
        .put("role", "user").put("content", Tools.text(text))));
  }
}
