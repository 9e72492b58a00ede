package dev.eventhub.runtime.http;

import dev.eventhub.api.HubException;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;

/**
 * Refuses a request carrying a query parameter its route does not take, with 400 naming it: a client's
 * guess (say {@code after} to page) must fail loudly, not be ignored (an ignored paging parameter
 * answers page 1 again, and a client following it loops forever). docs/protocol.md lists each route's
 * parameters.
 */
final class QueryParameters {
  // Names other APIs use for what a route takes under another name: the refusal says which.
  private static final Map<String, String> INSTEAD = Map.of(
      "after", "since", "cursor", "since", "from", "since", "category", "categories", "event", "events",
      "key", "keys", "size", "limit", "max", "limit");

  private QueryParameters() {}

  /**
   * A handler that passes the request on when every query parameter is one of {@code allowed}.
   *
   * @param route the route as the refusal names it, e.g. {@code GET /api/events}
   */
  static Handler<RoutingContext> only(String route, String... allowed) {
    List<String> names = List.of(allowed);
    return ctx -> {
      for (String name : ctx.queryParams().names()) {
        if (!names.contains(name)) {
          EarlyRefusal.respond(ctx, HubException.badRequest(refusal(route, name, names)));
          return;
        }
      }
      ctx.next();
    };
  }

  static String refusal(String route, String name, List<String> allowed) {
    // A hostile name could be long: the refusal quotes enough of it to recognise it.
    String shown = name.length() > 64 ? name.substring(0, 64) + "..." : name;
    StringBuilder message = new StringBuilder("unknown query parameter '").append(shown).append("': ").append(route);
    if (allowed.isEmpty()) {
      message.append(" takes no query parameters");
    } else {
      message.append(" takes ").append(String.join(", ", allowed));
      String instead = INSTEAD.get(name);
      if (instead != null && allowed.contains(instead)) {
        message.append(" (use '").append(instead).append("'")
            .append("since".equals(instead) ? " with the 'next' of the previous page" : "").append(')');
      }
    }
    return message.toString();
  }
}
