package dev.eventhub.sinks.mcp.impl;

import dev.eventhub.api.Authenticator;
import dev.eventhub.api.HubException;
import dev.eventhub.api.HubPrincipal;
import dev.eventhub.kit.http.Origins;
import dev.eventhub.sinks.mcp.McpSinkOptions;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The Streamable HTTP transport at {@code /mcp} (docs/adr/0004-mcp-transport.md): {@code POST} carries one
 * JSON-RPC message, {@code GET} opens the session's notification stream, {@code DELETE} ends the session.
 *
 * <p>Each request is checked in this order, and a refused one changes nothing: the origin (403), a declared
 * body size over the limit (413, unread), the bearer token (401 with {@code WWW-Authenticate}), the body's
 * actual size (413, reading stops there), its JSON-RPC
 * form (400 with a JSON-RPC error, never a 5xx), the session (400 without one, 404 for an unknown one or one
 * of another token). Everything runs on the request's event loop, as futures.
 */
final class McpEndpoint implements Handler<HttpServerRequest> {
  static final String SESSION_HEADER = "Mcp-Session-Id";
  static final String VERSION_HEADER = "MCP-Protocol-Version";

  private final McpSinkOptions options;
  private final Authenticator authenticator;
  private final Origins origins;
  private final Sessions sessions;
  private final Methods methods;
  private final McpStats stats;

  McpEndpoint(McpSinkOptions options, Authenticator authenticator, Sessions sessions, Methods methods, McpStats stats) {
    this.options = options;
    this.authenticator = authenticator;
    this.origins = new Origins(options.allowedOrigins());
    this.sessions = sessions;
    this.methods = methods;
    this.stats = stats;
  }

  @Override
  public void handle(HttpServerRequest request) {
    if (!options.path().equals(request.path())) {
      refuse(request, HubException.notFound("no such resource: MCP clients connect at " + options.path()));
      return;
    }
    HttpMethod method = request.method();
    if (method != HttpMethod.POST && method != HttpMethod.GET && method != HttpMethod.DELETE) {
      request.response().putHeader("Allow", "GET, POST, DELETE");
      refuse(request, 405, HubException.badRequest(options.path() + " takes POST, GET and DELETE"));
      return;
    }
    if (!origins.allows(request)) {
      refuse(request, HubException.forbidden("origin '" + request.getHeader("Origin") + "' is not allowed"));
      return;
    }
    String length = request.getHeader("Content-Length");
    if (length != null && tooLong(length)) {
      tooLarge(request);
      return;
    }
    request.pause();
    Context context = Vertx.currentContext();
    authenticator.authenticate(request).onComplete(ar -> context.runOnContext(v -> {
      if (ar.failed()) {
        stats.authFailed();
        unauthorized(request, ar.cause());
        request.resume();
        return;
      }
      authenticated(request, ar.result(), tokenHash(request));
    }));
  }

  // Answered without reading the rest: over HTTP/1.x the connection closes after the answer rather than being
  // drained; over HTTP/2 only this stream ends, the connection's other streams go on.
  private void tooLarge(HttpServerRequest request) {
    stats.refused();
    if (request.version() != HttpVersion.HTTP_2) {
      request.response().putHeader("Connection", "close");
      request.response().endHandler(v -> request.connection().close());
    }
    answerRpc(request, 413, Rpc.error(null, Rpc.INVALID_REQUEST, "the request is larger than "
        + options.maxRequestBytes() + " bytes"));
  }

  private boolean tooLong(String length) {
    try {
      return Long.parseLong(length.trim()) > options.maxRequestBytes();
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private void authenticated(HttpServerRequest request, HubPrincipal principal, String tokenHash) {
    if (request.method() == HttpMethod.POST) {
      readBody(request, body -> onMessage(request, principal, tokenHash, body));
      request.resume();
      return;
    }
    request.resume();
    Session session = session(request, tokenHash);
    if (session == null) {
      return;
    }
    if (request.method() == HttpMethod.DELETE) {
      sessions.close(session);
      request.response().setStatusCode(204).end();
      return;
    }
    session.touch();
    session.stream(SseStream.open(request.response(), Vertx.currentContext(), options.keepAliveInterval(), () -> { }));
  }

  private void readBody(HttpServerRequest request, Handler<Buffer> onBody) {
    Buffer body = Buffer.buffer();
    boolean[] over = {false};
    request.handler(chunk -> {
      if (over[0]) {
        return;
      }
      if (body.length() + chunk.length() > options.maxRequestBytes()) {
        over[0] = true;
        tooLarge(request);
        return;
      }
      body.appendBuffer(chunk);
    });
    request.endHandler(v -> {
      if (!over[0]) {
        onBody.handle(body);
      }
    });
  }

  private void onMessage(HttpServerRequest request, HubPrincipal principal, String tokenHash, Buffer body) {
    Object message;
    try {
      message = Json.decodeValue(body);
    } catch (DecodeException e) {
      stats.malformed();
      answerRpc(request, 400, Rpc.error(null, Rpc.PARSE_ERROR, "the body is not JSON"));
      return;
    }
    if (message instanceof JsonArray) {
      stats.malformed();
      answerRpc(request, 400, Rpc.error(null, Rpc.INVALID_REQUEST, "batches are not supported: send one JSON-RPC "
          + "message per request"));
      return;
    }
    if (!(message instanceof JsonObject json) || !"2.0".equals(json.getValue("jsonrpc"))) {
      stats.malformed();
      answerRpc(request, 400, Rpc.error(null, Rpc.INVALID_REQUEST, "not a JSON-RPC 2.0 message: an object with "
          + "\"jsonrpc\": \"2.0\" is expected"));
      return;
    }
    Object id = json.getValue("id");
    boolean hasId = json.containsKey("id");
    if (hasId && !(id instanceof String || id instanceof Number)) {
      stats.malformed();
      answerRpc(request, 400, Rpc.error(null, Rpc.INVALID_REQUEST, "'id' must be a string or a number"));
      return;
    }
    Object method = json.getValue("method");
    if (method == null && (json.containsKey("result") || json.containsKey("error"))) {
      // A response to a request of ours: we send none, so there is nothing to match it with.
      request.response().setStatusCode(202).end();
      return;
    }
    Object params = json.getValue("params");
    if (!(method instanceof String name) || (params != null && !(params instanceof JsonObject))) {
      stats.malformed();
      answerRpc(request, 400, Rpc.error(hasId ? id : null, Rpc.INVALID_REQUEST,
          "'method' must be a string and 'params', when present, an object"));
      return;
    }
    JsonObject p = params == null ? new JsonObject() : (JsonObject) params;
    if ("initialize".equals(name) && request.getHeader(SESSION_HEADER) == null) {
      initialize(request, principal, tokenHash, hasId, id, p);
      return;
    }
    Session session = session(request, tokenHash);
    if (session == null) {
      return;
    }
    session.touch();
    if (!hasId) {
      // A notification (initialized, cancelled, ...): taken, nothing to answer.
      request.response().setStatusCode(202).end();
      return;
    }
    call(request, session, principal, id, name, p);
  }

  private void initialize(HttpServerRequest request, HubPrincipal principal, String tokenHash, boolean hasId,
      Object id, JsonObject params) {
    if (!hasId) {
      answerRpc(request, 400, Rpc.error(null, Rpc.INVALID_REQUEST, "initialize is a request: give it an id"));
      return;
    }
    String version = Methods.negotiate(params);
    Session session;
    try {
      session = sessions.open(tokenHash, principal, version);
    } catch (Rpc.Error e) {
      stats.refused();
      answerRpc(request, e.httpStatus, Rpc.error(id, e.code, e.getMessage()));
      return;
    }
    stats.sessionOpened();
    request.response().putHeader(SESSION_HEADER, session.id);
    answerRpc(request, 200, Rpc.result(id, methods.initializeResult(version)));
  }

  private void call(HttpServerRequest request, Session session, HubPrincipal principal, Object id, String method,
      JsonObject params) {
    stats.request();
    // Completes when the client goes before its answer: a waiting call then lets go at once.
    Promise<Void> gone = Promise.promise();
    request.response().closeHandler(v -> gone.tryComplete());
    Tool.Call call = new Tool.Call(session, principal, gone.future());
    if (longWait(request, method, params)) {
      // A wait may outlast idle timeouts: answered on an event stream that keep-alive comments hold open.
      SseStream stream = SseStream.open(request.response(), Vertx.currentContext(), options.keepAliveInterval(),
          gone::tryComplete);
      methods.dispatch(call, method, params).onComplete(ar -> stream.finish(answer(id, ar.result(), ar.cause())));
      return;
    }
    methods.dispatch(call, method, params).onComplete(ar -> {
      JsonObject answer = answer(id, ar.result(), ar.cause());
      answerRpc(request, 200, answer);
    });
  }

  private static boolean longWait(HttpServerRequest request, String method, JsonObject params) {
    String accept = request.getHeader("Accept");
    return "tools/call".equals(method) && "wait_for_events".equals(params.getValue("name"))
        && accept != null && accept.contains("text/event-stream");
  }

  private static JsonObject answer(Object id, JsonObject result, Throwable failure) {
    if (failure == null) {
      return Rpc.result(id, result);
    }
    Rpc.Error error = Rpc.of(failure);
    return Rpc.error(id, error.code, error.getMessage());
  }

  // The session the request names, made by the same token; answers the refusal itself and returns null.
  private Session session(HttpServerRequest request, String tokenHash) {
    String id = request.getHeader(SESSION_HEADER);
    if (id == null) {
      answerRpc(request, 400, Rpc.error(null, Rpc.INVALID_REQUEST, "the " + SESSION_HEADER + " header is required "
          + "(send initialize first)"));
      return null;
    }
    Session session = sessions.find(id, tokenHash);
    if (session == null) {
      answerRpc(request, 404, Rpc.error(null, Rpc.NO_SESSION, "no such session (it ended, expired with its token, "
          + "or belongs to another token): send initialize again"));
      return null;
    }
    String version = request.getHeader(VERSION_HEADER);
    if (version != null && !Methods.SUPPORTED.contains(version)) {
      answerRpc(request, 400, Rpc.error(null, Rpc.INVALID_REQUEST, "unsupported " + VERSION_HEADER + " '"
          + abbreviate(version) + "': " + Methods.SUPPORTED));
      return null;
    }
    return session;
  }

  private static String tokenHash(HttpServerRequest request) {
    String header = request.getHeader("Authorization");
    String token = header == null ? "" : header.trim();
    try {
      // Sessions are bound to the token itself, never kept in clear.
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void unauthorized(HttpServerRequest request, Throwable cause) {
    HubException error = cause instanceof HubException e ? e : HubException.unauthorized("invalid token");
    boolean sent = request.getHeader("Authorization") != null;
    String challenge = "Bearer realm=\"eventhub\"" + (sent ? ", error=\"invalid_token\"" : "");
    request.response().putHeader("WWW-Authenticate", challenge);
    refuse(request, error);
  }

  private static void answerRpc(HttpServerRequest request, int status, JsonObject body) {
    HttpServerResponse response = request.response();
    if (response.ended() || response.closed()) {
      return;
    }
    response.setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
  }

  private static void refuse(HttpServerRequest request, HubException error) {
    refuse(request, error.code().httpStatus(), error);
  }

  private static void refuse(HttpServerRequest request, int status, HubException error) {
    HttpServerResponse response = request.response();
    if (!response.ended() && !response.closed()) {
      response.setStatusCode(status).putHeader("Content-Type", "application/json").end(error.toJson().encode());
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }
}
