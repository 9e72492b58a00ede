package dev.eventhub.kit.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.api.HubException;
import dev.eventhub.kit.async.Contexts;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A router built with {@link Http} and {@link Bodies}, on a real server on a free loopback port. */
class HttpTest {
  private static final long BODY_LIMIT = 100;

  private Vertx vertx;
  private HttpServer server;
  private WebClient client;

  @BeforeEach
  void startServer() {
    vertx = Vertx.vertx();
    Context plugin = vertx.getOrCreateContext();
    Router router = Router.router(vertx);
    Http.start(router, BODY_LIMIT);
    router.post("/object").handler(Http.answer(201, ctx -> Future.succeededFuture(Bodies.object(ctx))));
    router.post("/optional").handler(Http.answer(200, ctx -> Future.succeededFuture(Bodies.optionalObject(ctx))));
    router.post("/any").handler(ctx -> Http.answer(ctx, 200, c -> Future.succeededFuture(Bodies.json(c)),
        value -> new JsonObject().put("value", value)));
    router.get("/items/:id").handler(Http.answer(200, ctx ->
        Future.succeededFuture(new JsonObject().put("id", ctx.pathParam("id")))));
    router.get("/conflict").handler(Http.answer(200, ctx -> Future.failedFuture(HubException.conflict("taken"))));
    router.get("/throws").handler(Http.answer(200, ctx -> {
      throw HubException.notFound("nothing here");
    }));
    router.get("/bug").handler(Http.answer(200, ctx -> {
      throw new IllegalStateException("a detail for the log only");
    }));
    router.get("/fails").handler(ctx -> ctx.fail(HubException.forbidden("not you")));
    router.get("/elsewhere").handler(ctx -> {
      Context request = Vertx.currentContext();
      Http.answer(ctx, 200, c -> Contexts.on(plugin, () -> Future.succeededFuture(Vertx.currentContext() == plugin)),
          ranOnPlugin -> new JsonObject().put("ranOnPlugin", ranOnPlugin)
              .put("answeredOnRequestContext", Vertx.currentContext() == request));
    });
    Http.finish(router, BODY_LIMIT);
    server = await(vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
    client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
        .setDefaultPort(server.actualPort()));
  }

  @AfterEach
  void stopServer() {
    await(vertx.close());
  }

  @Test
  void shouldAnswerTheStatusAndJsonOfTheResult() {
    HttpResponse<Buffer> r = send(HttpMethod.POST, "/object", "{\"a\":1}");
    assertThat(r.statusCode()).isEqualTo(201);
    assertThat(r.getHeader("Content-Type")).isEqualTo("application/json");
    assertThat(r.bodyAsJsonObject()).isEqualTo(new JsonObject().put("a", 1));
  }

  @Test
  void shouldAnswerTheErrorBodyOfAHubExceptionFailedWithOrThrown() {
    assertError(send(HttpMethod.GET, "/conflict", null), 409, "conflict", "taken");
    assertError(send(HttpMethod.GET, "/throws", null), 404, "not_found", "nothing here");
    assertError(send(HttpMethod.GET, "/fails", null), 403, "forbidden", "not you");
  }

  @Test
  void shouldHideTheDetailsOfAnyOtherFailure() {
    JsonObject body = assertError(send(HttpMethod.GET, "/bug", null), 500, "internal", "internal error");
    assertThat(body.getString("message")).doesNotContain("detail");
  }

  @Test
  void shouldAnswerNotFoundForAnUnknownPathOrMethod() {
    assertError(send(HttpMethod.GET, "/nowhere", null), 404, "not_found", "no route GET /nowhere");
    assertError(send(HttpMethod.DELETE, "/conflict", null), 404, "not_found", "no route DELETE /conflict");
  }

  @Test
  void shouldAnswerTooLargeNamingTheLimit() {
    String big = "{\"text\":\"" + "x".repeat((int) BODY_LIMIT) + "\"}";
    assertError(send(HttpMethod.POST, "/object", big), 413, "too_large", BODY_LIMIT + " bytes");
  }

  @Test
  void shouldAnswerBadRequestForAQueryStringThatCannotBeDecoded() {
    assertError(send(HttpMethod.GET, "/items/x?a=%zz", null), 400, "bad_request", "query string");
  }

  @Test
  void shouldAnswerOnTheRequestsContextWhenTheWorkCompletesElsewhere() {
    HttpResponse<Buffer> r = send(HttpMethod.GET, "/elsewhere", null);
    assertThat(r.bodyAsJsonObject()).isEqualTo(new JsonObject().put("ranOnPlugin", true)
        .put("answeredOnRequestContext", true));
  }

  @Test
  void shouldRefuseABodyThatIsNotJsonOrNotAnObject() {
    assertError(send(HttpMethod.POST, "/object", "{oops"), 400, "bad_request", "must be a JSON object, and is not JSON");
    assertError(send(HttpMethod.POST, "/any", "{oops"), 400, "bad_request", "the body is not JSON");
    assertError(send(HttpMethod.POST, "/object", "[1,2]"), 400, "bad_request", "must be a JSON object");
    assertError(send(HttpMethod.POST, "/object", ""), 400, "bad_request", "must be a JSON object");
    assertError(send(HttpMethod.POST, "/optional", "3"), 400, "bad_request", "must be a JSON object");
  }

  @Test
  void shouldSayWhyABodyIsNotJsonWithoutTheParsersInternals() {
    // Found by the distribution's hostile-input suite: Jackson's messages named its classes and echoed the source.
    JsonObject broken = assertError(send(HttpMethod.POST, "/object", "{\"a\":}"), 400, "bad_request", "(line 1, column 6)");
    assertThat(broken.getString("message")).doesNotContain("Source:").doesNotContain("(String)").doesNotContain("\n");
  }

  @Test
  void shouldTakeAnEmptyBodyAsAnEmptyObjectWhenTheObjectIsOptional() {
    assertThat(send(HttpMethod.POST, "/optional", "  ").bodyAsJsonObject()).isEqualTo(new JsonObject());
    assertThat(send(HttpMethod.POST, "/optional", null).bodyAsJsonObject()).isEqualTo(new JsonObject());
  }

  @Test
  void shouldReadAnyJsonValueAndNothingAsNull() {
    assertThat(send(HttpMethod.POST, "/any", "[1]").bodyAsJsonObject().getJsonArray("value").getInteger(0))
        .isEqualTo(1);
    assertThat(send(HttpMethod.POST, "/any", "\"text\"").bodyAsJsonObject().getString("value")).isEqualTo("text");
    assertThat(send(HttpMethod.POST, "/any", null).bodyAsJsonObject().containsKey("value")).isTrue();
    assertThat(send(HttpMethod.POST, "/any", null).bodyAsJsonObject().getValue("value")).isNull();
  }

  private HttpResponse<Buffer> send(HttpMethod method, String path, String body) {
    var request = client.request(method, path);
    return await(body == null ? request.send() : request.sendBuffer(Buffer.buffer(body)));
  }

  private static JsonObject assertError(HttpResponse<Buffer> r, int status, String code, String message) {
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(status);
    assertThat(r.getHeader("Content-Type")).isEqualTo("application/json");
    JsonObject body = r.bodyAsJsonObject();
    assertThat(body.getString("error")).isEqualTo(code);
    assertThat(body.getString("message")).contains(message);
    return body;
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.await(30, TimeUnit.SECONDS);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new AssertionError("gave up waiting: " + e, e);
    }
  }
}
