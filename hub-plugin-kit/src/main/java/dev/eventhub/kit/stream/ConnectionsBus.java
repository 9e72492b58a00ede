package dev.eventhub.kit.stream;

import dev.eventhub.api.ErrorCode;
import dev.eventhub.api.HubException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * How a streaming sink answers the hub's {@code GET /api/connections} and {@code DELETE
 * /api/connections/{id}}: the hub asks every running plugin on the local event bus at
 * {@code hub.admin.connections.<plugin name>}; a plugin with no consumer there has no connections. So
 * each sink lists its own connections and needs no other sink, and the hub needs no sink.
 *
 * <p>Requests: {@code {"op":"list"}}, answered by {@code {"connections":[...]}}; {@code {"op":"close","id":"<id>"}},
 * answered by {@code {"closed":true|false}} (false: the sink has no connection with that id).
 *
 * <p>{@link #serve} answers the same at the sink's own admin routes, {@code GET <prefix>/connections} and
 * {@code DELETE <prefix>/connections/{id}}.
 */
public final class ConnectionsBus {
  /** The address prefix; the plugin's name follows. */
  public static final String ADDRESS_PREFIX = "hub.admin.connections.";

  private ConnectionsBus() {}

  /**
   * Answers the hub's requests for the plugin {@code pluginName}; unregister the consumer when the plugin stops.
   *
   * @param list every open connection, as JSON
   * @param close closes the connection with that id for an operator; {@code false} when there is none
   */
  public static MessageConsumer<JsonObject> register(Vertx vertx, String pluginName,
      Supplier<Future<List<JsonObject>>> list, Predicate<String> close) {
    return vertx.eventBus().<JsonObject>localConsumer(ADDRESS_PREFIX + pluginName, message -> {
      JsonObject body = message.body();
      String op = body == null ? null : body.getString("op");
      if ("list".equals(op)) {
        list.get().onSuccess(all -> message.reply(new JsonObject().put("connections", new JsonArray(all))))
            .onFailure(e -> message.fail(500, String.valueOf(e.getMessage())));
      } else if ("close".equals(op) && body.getValue("id") instanceof String id) {
        message.reply(new JsonObject().put("closed", close.test(id)));
      } else {
        message.fail(400, "expected {\"op\":\"list\"} or {\"op\":\"close\",\"id\":\"...\"}");
      }
    });
  }

  /**
   * Answers {@code GET <prefix>/connections} ({@code {"connections":[...]}}) and {@code DELETE
   * <prefix>/connections/{id}} (204, or 404 when there is no such connection), on a route the sink mounted
   * for admins.
   *
   * @return whether {@code request} was one of them; if not, nothing was answered
   */
  public static boolean serve(HttpServerRequest request, String prefix, Supplier<Future<List<JsonObject>>> list,
      Predicate<String> close) {
    String base = prefix + "/connections";
    String path = request.path();
    if (request.method() == HttpMethod.GET && path.equals(base)) {
      list.get().onComplete(ar -> {
        if (ar.succeeded()) {
          respond(request, 200, new JsonObject().put("connections", new JsonArray(ar.result())));
        } else {
          respond(request, 500, new HubException(ErrorCode.INTERNAL, "could not list the connections").toJson());
        }
      });
      return true;
    }
    if (request.method() == HttpMethod.DELETE && path.startsWith(base + "/")) {
      String id = path.substring(base.length() + 1);
      if (close.test(id)) {
        request.response().setStatusCode(204).end();
      } else {
        respond(request, 404, HubException.notFound("no open connection '" + StreamRules.abbreviate(id) + "'").toJson());
      }
      return true;
    }
    return false;
  }

  private static void respond(HttpServerRequest request, int status, JsonObject body) {
    request.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
  }
}
