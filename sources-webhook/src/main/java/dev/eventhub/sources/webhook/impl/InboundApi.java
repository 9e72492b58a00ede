package dev.eventhub.sources.webhook.impl;

import dev.eventhub.api.ErrorCode;
import dev.eventhub.api.HubException;
import dev.eventhub.api.spi.OutboundSettings;
import dev.eventhub.kit.http.Http;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;

/**
 * {@code POST /hooks/<endpoint>}: verifies a third party's webhook as its endpoint says and records
 * it as {@code webhook-received}. The signature is the authentication: the hub checks no token here.
 * Runs on the server's event loops; nothing it touches needs the plugin's context.
 */
final class InboundApi {
  static final String PREFIX = "/hooks";

  private final Endpoints endpoints;
  private final ReplayGuard replays;
  private final Events events;
  private final long toleranceMs;
  private final Router router;
  private final String hopId;

  /**
   * @param hopId this hub's id in the {@value OutboundSettings#HOP_HEADER} header of its own outbound
   *     calls: a request carrying it comes from this hub, a loop
   */
  InboundApi(Vertx vertx, Endpoints endpoints, ReplayGuard replays, Events events, WebhookSettings settings,
      String hopId) {
    this.hopId = hopId;
    this.endpoints = endpoints;
    this.replays = replays;
    this.events = events;
    this.toleranceMs = settings.tolerance().toMillis();
    this.router = Router.router(vertx);
    // The endpoint is looked up (on a route of its own: a body handler must come first on its route)
    // before the body is read, so an unknown one costs no buffering.
    router.post(PREFIX + "/:endpoint").handler(this::lookup);
    router.post(PREFIX + "/:endpoint")
        .handler(BodyHandler.create(false).setBodyLimit(settings.maxBodySize()))
        .handler(this::receive);
    Http.finish(router, settings.maxBodySize());
  }

  Router router() {
    return router;
  }

  private void lookup(RoutingContext ctx) {
    if (hopId.equals(ctx.request().getHeader(OutboundSettings.HOP_HEADER))) {
      // This hub sent the request (a webhook subscription or an HTTP action pointing back here):
      // recording it would deliver it again, and again.
      Http.fail(ctx, new HubException(ErrorCode.LOOP_DETECTED, "this request comes from this hub itself (header "
          + OutboundSettings.HOP_HEADER + "); a webhook endpoint refuses it, as it would loop"));
      return;
    }
    Endpoint endpoint = endpoints.find(ctx.pathParam("endpoint"));
    if (endpoint == null) {
      Http.fail(ctx, HubException.notFound("no webhook endpoint '" + ctx.pathParam("endpoint") + "'"));
      return;
    }
    ctx.put("endpoint", endpoint);
    ctx.next();
  }

  private void receive(RoutingContext ctx) {
    Endpoint endpoint = ctx.get("endpoint");
    Http.answer(ctx, 200, c -> {
      byte[] body = ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
      long now = System.currentTimeMillis();
      Verifier.Verified verified = Verifier.verify(endpoint, endpoint.secrets(now),
          new Verifier.Request(ctx.request().headers(), body, ctx.request().absoluteURI()), now, toleranceMs);
      Future<Boolean> fresh = verified.replayKey() == null ? Future.succeededFuture(true)
          : replays.remember(endpoint.id(), verified.replayKey(), verified.expiresAt(), now);
      return fresh.compose(isNew -> {
        if (!isNew) {
          return Future.failedFuture(HubException.conflict(verified.replayed(endpoint.id())));
        }
        JsonObject data = received(endpoint, verified.webhookId(), ctx.request().headers(), body);
        return events.publish(Events.WEBHOOK, "webhook-received", endpoint.id(), data).recover(e ->
            // Not recorded: forget the key, so that the sender's retry is not refused as a replay.
            verified.replayKey() == null ? Future.failedFuture(e)
                : replays.forget(endpoint.id(), verified.replayKey()).transform(ignored -> Future.failedFuture(e)));
      });
    }, event -> new JsonObject().put("received", true).put("id", event.id()));
  }

  private static JsonObject received(Endpoint endpoint, String webhookId, MultiMap headers, byte[] body) {
    JsonObject kept = new JsonObject();
    for (Map.Entry<String, String> header : headers) {
      String name = header.getKey().toLowerCase(Locale.ROOT);
      if (endpoint.keeps(name)) {
        String before = kept.getString(name);
        kept.put(name, before == null ? header.getValue() : before + ", " + header.getValue());
      }
    }
    String contentType = headers.get("Content-Type");
    JsonObject data = new JsonObject().put("endpoint", endpoint.id())
        .put("verification", endpoint.verification().wireName).put("webhookId", webhookId).put("headers", kept)
        .put("contentType", contentType).put("size", body.length);
    if (isJson(contentType)) {
      try {
        return data.put("bodyType", "json").put("body", Json.decodeValue(Buffer.buffer(body)));
      } catch (DecodeException e) {
        // Recorded as text below: what arrived is kept, not judged.
      }
    }
    try {
      String text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(body)).toString();
      return data.put("bodyType", "text").put("body", text);
    } catch (CharacterCodingException e) {
      return data.put("bodyType", "base64").put("body", Base64.getEncoder().encodeToString(body));
    }
  }

  private static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    return type.equals("application/json") || type.endsWith("+json");
  }
}
