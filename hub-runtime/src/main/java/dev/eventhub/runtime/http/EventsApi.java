package dev.eventhub.runtime.http;

import dev.eventhub.api.AttributeFilter;
import dev.eventhub.api.EventDraft;
import dev.eventhub.api.EventDrafts;
import dev.eventhub.api.EventFilter;
import dev.eventhub.api.EventHistory;
import dev.eventhub.api.EventPage;
import dev.eventhub.api.EventQuery;
import dev.eventhub.api.GrantedHistory;
import dev.eventhub.api.HubEvent;
import dev.eventhub.api.HubException;
import dev.eventhub.api.HubPrincipal;
import dev.eventhub.api.JsonErrors;
import dev.eventhub.api.cloudevents.CloudEvents;
import dev.eventhub.runtime.log.Appended;
import dev.eventhub.runtime.publish.HubPublisher;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/** {@code POST /api/events} (publish one or a batch) and {@code GET /api/events} (history). */
final class EventsApi {
  private static final Pattern PATTERN = Pattern.compile("[a-z0-9*-]+");

  private final HubPublisher publisher;
  private final EventHistory history;

  EventsApi(HubPublisher publisher, EventHistory history) {
    this.publisher = publisher;
    this.history = history;
  }

  void publish(RoutingContext ctx) {
    HubPrincipal principal = ctx.get(HttpApi.PRINCIPAL);
    boolean batch;
    List<EventDraft> drafts;
    try {
      // CloudEvents (structured, batch or binary mode) when the headers say so; the hub's own format otherwise.
      CloudEvents.Mode mode = CloudEvents.mode(ctx.request().headers());
      if (mode != null) {
        batch = mode == CloudEvents.Mode.BATCH;
        drafts = CloudEvents.read(mode, ctx.request().headers(), ctx.body().buffer());
        if (drafts.isEmpty()) {
          // A CloudEvents batch may be empty (JSON batch format 1.0, 4.3): nothing to record.
          answerPublished(ctx, List.of(), true);
          return;
        }
      } else {
        Object body = hubFormat(ctx);
        batch = body instanceof JsonArray;
        drafts = EventDrafts.fromJson(body);
      }
    } catch (HubException e) {
      Errors.respond(ctx, e);
      return;
    }
    // The same checks, in the same order, as a WebSocket publish frame: HubPublisher.recordAs.
    publisher.recordAs(principal, drafts).onComplete(ar -> {
      if (ar.failed()) {
        Errors.respond(ctx, ar.cause());
        return;
      }
      answerPublished(ctx, ar.result(), batch);
    });
  }

  private static Object hubFormat(RoutingContext ctx) {
    try {
      String text = ctx.body().asString();
      return text == null || text.isBlank() ? null : Json.decodeValue(text);
    } catch (DecodeException e) {
      throw HubException.badRequest("the body is not JSON: " + JsonErrors.describe(e));
    }
  }

  // Written as text: for a single event this is most of what a publish costs outside the log.
  private static void answerPublished(RoutingContext ctx, List<Appended> appended, boolean batch) {
    boolean anyNew = false;
    StringBuilder answer = new StringBuilder(batch ? 16 + appended.size() * 80 : 80);
    if (batch) {
      answer.append("{\"events\":[");
    }
    for (int i = 0; i < appended.size(); i++) {
      anyNew |= appended.get(i).created();
      idAndCursor(answer.append(i == 0 ? "" : ","), appended.get(i).event());
    }
    if (batch) {
      answer.append("]}");
    }
    ctx.response().setStatusCode(anyNew ? 201 : 200).putHeader("Content-Type", "application/json")
        .end(answer.toString());
  }

  private static void idAndCursor(StringBuilder out, HubEvent e) {
    // Cursors are hex digits; ids are the hub's UUIDs or a producer's text, which may need escaping.
    String id = e.id();
    boolean plain = true;
    for (int i = 0; i < id.length() && plain; i++) {
      char c = id.charAt(i);
      plain = c >= 0x20 && c != '"' && c != '\\';
    }
    out.append("{\"id\":").append(plain ? "\"" + id + "\"" : Json.encode(id)).append(",\"cursor\":\"")
        .append(e.cursor()).append("\"}");
  }

  void history(RoutingContext ctx) {
    HubPrincipal principal = ctx.get(HttpApi.PRINCIPAL);
    EventQuery query;
    try {
      List<String> categories = list(ctx, "categories", List.of("*"));
      for (String c : categories) {
        checkPattern("categories", c);
        // A per-key grant admits the read; GrantedHistory then leaves out the keys it does not cover.
        if (!principal.canReadSomeOf(c)) {
          throw HubException.forbidden("token does not allow subscribe:" + c);
        }
      }
      List<String> events = list(ctx, "events", List.of());
      events.forEach(e -> checkPattern("events", e));
      EventFilter filter = new EventFilter(categories, events, list(ctx, "keys", List.of()),
          AttributeFilter.fromQuery("query parameter 'attr'", ctx.queryParam("attr")).pairs());
      query = new EventQuery(filter, emptyToNull(ctx.request().getParam("since")), limit(ctx));
    } catch (HubException e) {
      Errors.respond(ctx, e);
      return;
    }
    GrantedHistory.of(history, principal).read(query).onComplete(ar -> {
      if (ar.failed()) {
        Errors.respond(ctx, ar.cause());
        return;
      }
      ctx.response().putHeader("Content-Type", "application/json").end(pageJson(ar.result()));
    });
  }

  // Built as text around each event's shared encoding: no second serialization of the events.
  private static String pageJson(EventPage page) {
    StringBuilder out = new StringBuilder(64 + page.events().size() * 256).append("{\"events\":[");
    for (int i = 0; i < page.events().size(); i++) {
      out.append(i == 0 ? "" : ",").append(page.events().get(i).encode());
    }
    return out.append("],\"next\":").append(Json.encode(page.next()))
        .append(",\"more\":").append(page.more())
        .append(",\"complete\":").append(page.complete()).append('}').toString();
  }

  private static int limit(RoutingContext ctx) {
    String raw = ctx.request().getParam("limit");
    if (raw == null || raw.isEmpty()) {
      return EventQuery.DEFAULT_LIMIT;
    }
    try {
      int limit = Integer.parseInt(raw);
      if (limit >= 1 && limit <= EventQuery.MAX_LIMIT) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // Reported below.
    }
    throw HubException.badRequest("query parameter 'limit' must be 1 to " + EventQuery.MAX_LIMIT + ", got '" + raw + "'");
  }

  private static List<String> list(RoutingContext ctx, String name, List<String> fallback) {
    List<String> values = new ArrayList<>();
    for (String raw : ctx.queryParam(name)) {
      Arrays.stream(raw.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(values::add);
    }
    return values.isEmpty() ? fallback : values;
  }

  private static void checkPattern(String param, String value) {
    if (!PATTERN.matcher(value).matches()) {
      throw HubException.badRequest("query parameter '" + param + "': '" + value + "' must match [a-z0-9*-]+");
    }
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
