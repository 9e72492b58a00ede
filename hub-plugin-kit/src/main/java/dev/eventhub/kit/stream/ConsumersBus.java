package dev.eventhub.kit.stream;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * How a streaming sink answers the hub's {@code GET /api/consumers} and {@code DELETE /api/consumers/{name}}
 * (issue 20), as {@link ConnectionsBus} does for connections: the hub asks every running plugin on the local
 * event bus at {@code hub.admin.consumers.<plugin name>}; a plugin with no consumer there has no named consumers.
 *
 * <p>Requests: {@code {"op":"list"}}, answered by {@code {"consumers":[...]}}; {@code
 * {"op":"delete","name":"<name>","subject":"<subject or null>"}}, answered by {@code {"deleted":n}}. A failure
 * with code 409 means the name is ambiguous (several subjects have it) and says so.
 */
public final class ConsumersBus {
  /** The address prefix; the plugin's name follows. */
  public static final String ADDRESS_PREFIX = "hub.admin.consumers.";

  private ConsumersBus() {}

  /**
   * Answers the hub's requests for the plugin {@code pluginName}; unregister the consumer when the plugin stops.
   *
   * @param list every named consumer, as JSON
   * @param delete deletes the consumers of that name (and subject, when not null): completes with how many
   */
  public static MessageConsumer<JsonObject> register(Vertx vertx, String pluginName,
      Supplier<Future<List<JsonObject>>> list, BiFunction<String, String, Future<Integer>> delete) {
    return vertx.eventBus().<JsonObject>localConsumer(ADDRESS_PREFIX + pluginName, message -> {
      JsonObject body = message.body();
      String op = body == null ? null : body.getString("op");
      if ("list".equals(op)) {
        list.get().onSuccess(all -> message.reply(new JsonObject().put("consumers", new JsonArray(all))))
            .onFailure(e -> message.fail(500, String.valueOf(e.getMessage())));
      } else if ("delete".equals(op) && body.getValue("name") instanceof String name) {
        Object subject = body.getValue("subject");
        delete.apply(name, subject instanceof String s ? s : null)
            .onSuccess(n -> message.reply(new JsonObject().put("deleted", n)))
            .onFailure(e -> message.fail(e instanceof dev.eventhub.api.HubException h ? h.code().httpStatus() : 500,
                String.valueOf(e.getMessage())));
      } else {
        message.fail(400, "expected {\"op\":\"list\"} or {\"op\":\"delete\",\"name\":\"...\"}");
      }
    });
  }
}
