package dev.eventhub.sources.dlq.impl;

import dev.eventhub.api.EventDraft;
import dev.eventhub.api.HubException;
import dev.eventhub.api.HubPrincipal;
import dev.eventhub.api.spi.AgentTool;
import dev.eventhub.api.spi.AgentTools;
import dev.eventhub.sources.dlq.DlqPlugin;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The queue's tools for agents ({@link AgentTool}), served by whichever sink serves tools (the MCP sink):
 * {@code dlq_list}, {@code dlq_get}, {@code dlq_resubmit}, {@code dlq_resolve}. They need the scopes the
 * routes under {@code /api/dlq} need ({@code subscribe:dlq} to read, {@code publish:dlq} to change), and
 * show each caller only the entries its other scopes let it see, as the routes do.
 */
final class DlqTools {
  private final DeadLetterQueue queue;

  DlqTools(DeadLetterQueue queue) {
    this.queue = queue;
  }

  void registerWith(AgentTools registry) {
    List.of(list(), get(), resubmit(), resolve()).forEach(registry::register);
  }

  private AgentTool list() {
    JsonObject input = object(new JsonObject()
        .put("state", new JsonObject().put("type", "string").put("enum", new JsonArray().add("parked").add("resolved"))
            .put("description", "only entries in this state; both when absent"))
        .put("origin", string("only entries parked by this plugin (e.g. webhook, scheduler)"))
        .put("after", string("the 'next' of the previous page"))
        .put("limit", new JsonObject().put("type", "integer").put("minimum", 1).put("maximum", DlqApi.MAX_LIMIT)
            .put("description", "the most entries to return (default 20)")));
    JsonObject output = object(new JsonObject()
        .put("entries", new JsonObject().put("type", "array").put("items", new JsonObject().put("type", "object")))
        .put("next", new JsonObject().put("type", new JsonArray().add("string").add("null")))
        .put("more", new JsonObject().put("type", "boolean")), "entries", "more");
    return AgentTool.of("dlq_list", "Lists dead letters (what the hub or a plugin could not deliver or process), "
        + "oldest first: id, origin plugin, category, reason, attempts, failure times, state. Needs subscribe:dlq.",
        input, output, true, (caller, args) -> {
          need(caller, true);
          String state = text(args, "state", 16);
          if (state != null && !Entries.isState(state)) {
            throw HubException.badRequest("argument 'state' must be parked or resolved");
          }
          String origin = text(args, "origin", EventDraft.MAX_NAME_LENGTH);
          Integer limit = args.getValue("limit") == null ? 20 : limit(args.getValue("limit"));
          DeadLetterQueue.Query q = new DeadLetterQueue.Query(origin, state, null, text(args, "after", 64), limit,
              false);
          return queue.list(q, caller).map(page -> new JsonObject().put("entries", new JsonArray(page.entries()))
              .put("next", page.next()).put("more", page.more()));
        });
  }

  private AgentTool get() {
    return AgentTool.of("dlq_get", "Reads one dead letter by id, with its payload, reason, attempts and history. "
        + "Needs subscribe:dlq.", idInput(), entryOutput(), true, (caller, args) -> {
          need(caller, true);
          return queue.get(id(args), caller).map(entry -> new JsonObject().put("entry", entry));
        });
  }

  private AgentTool resubmit() {
    JsonObject output = object(new JsonObject().put("success", new JsonObject().put("type", "boolean"))
        .put("error", new JsonObject().put("type", "string")).put("entry", new JsonObject().put("type", "object")),
        "success", "entry");
    return AgentTool.of("dlq_resubmit", "Sends a parked dead letter's payload back to where it came from: resolved "
        + "when that succeeds, still parked (one attempt more) when not. Needs publish:dlq.", idInput(), output,
        false, (caller, args) -> {
          need(caller, false);
          return queue.resubmit(id(args), caller);
        });
  }

  private AgentTool resolve() {
    JsonObject input = idInput();
    input.getJsonObject("properties").put("note", string("why it is resolved without a resubmission"));
    return AgentTool.of("dlq_resolve", "Marks a parked dead letter resolved without resubmitting it, with a note. "
        + "Needs publish:dlq.", input, entryOutput(), false, (caller, args) -> {
          need(caller, false);
          return queue.resolve(id(args), text(args, "note", 4096), caller).map(e -> new JsonObject().put("entry", e));
        });
  }

  // The scope the matching /api/dlq route needs: the runtime checks it there, the tool checks it here.
  private static void need(HubPrincipal caller, boolean read) {
    if (read ? !caller.canSubscribe(DlqPlugin.CATEGORY) : !caller.canPublish(DlqPlugin.CATEGORY)) {
      throw HubException.forbidden("token does not allow " + (read ? "subscribe:" : "publish:") + DlqPlugin.CATEGORY);
    }
  }

  private static JsonObject idInput() {
    return object(new JsonObject().put("id", string("the entry's id")), "id");
  }

  private static JsonObject entryOutput() {
    return object(new JsonObject().put("entry", new JsonObject().put("type", "object")), "entry");
  }

  private static String id(JsonObject args) {
    String id = text(args, "id", 64);
    if (id == null) {
      throw HubException.badRequest("argument 'id' is required");
    }
    return id;
  }

  private static int limit(Object value) {
    if (value instanceof Integer n && n >= 1 && n <= DlqApi.MAX_LIMIT) {
      return n;
    }
    throw HubException.badRequest("argument 'limit' must be an integer from 1 to " + DlqApi.MAX_LIMIT);
  }

  private static String text(JsonObject args, String name, int max) {
    Object value = args.getValue(name);
    if (value == null) {
      return null;
    }
    if (!(value instanceof String s) || s.isEmpty() || s.length() > max) {
      throw HubException.badRequest("argument '" + name + "' must be a string of 1 to " + max + " characters");
    }
    return s;
  }

  private static JsonObject string(String description) {
    return new JsonObject().put("type", "string").put("description", description);
  }

  private static JsonObject object(JsonObject properties, String... required) {
    JsonObject schema = new JsonObject().put("type", "object").put("properties", properties);
    return required.length == 0 ? schema : schema.put("required", new JsonArray(List.of((Object[]) required)));
  }
}
