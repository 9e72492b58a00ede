/**
 * HTTP helpers for the vertx-web {@link io.vertx.ext.web.Router} a plugin mounts with {@code
 * PluginContext.mount}: answers in JSON, failures as the hub's error body (docs/protocol.md)
 * ({@code {"error":"<code>","message":"..."}} with the {@link dev.eventhub.api.ErrorCode}'s status),
 * and request bodies and fields checked with a {@code bad_request} that names what is wrong.
 *
 * <pre>{@code
 * Router router = Router.router(vertx);
 * Http.start(router, 64 * 1024);                       // bad query strings, then the body (64 KiB at most)
 * router.post("/api/notes/notes").handler(Http.answer(201, ctx -> {
 *   JsonObject body = Bodies.object(ctx);
 *   String text = Fields.string(body, "text", true, 1000);
 *   return notes.add(text);                           // a Future<JsonObject>
 * }));
 * Http.finish(router, 64 * 1024);                      // not_found, too_large, internal: all as error bodies
 * context.mount("/api/notes", RouteAccess.CATEGORY_SCOPES, router);
 * }</pre>
 *
 * <p>{@link dev.eventhub.kit.http.OutboundClient} calls URLs that a plugin's callers give (webhook
 * targets, HTTP actions): where it connects is checked by an {@link dev.eventhub.kit.http.OutboundGuard}
 * against {@link dev.eventhub.kit.http.AddressRules} and the hub's {@code outbound.allowNetworks},
 * and each call has one deadline and a bounded read of its answer.
 *
 * <p>A {@link dev.eventhub.api.HubException} thrown or failed with anywhere in a handler becomes its
 * error body; anything else is logged and answered as {@code internal}, so nothing a client sends
 * produces a bare 500.
 */
package dev.eventhub.kit.http;
