package dev.eventhub.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.runtime.testing.FakeClusterView;
import dev.eventhub.runtime.testing.PlacementHub;
import dev.eventhub.runtime.testing.PluginJar;
import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes in one JVM: a leader running the {@code echo} source, and a follower where it is on
 * standby, whose requests for {@code /api/echo/...} are forwarded to the leader.
 */
class LeaderForwarderTest {
  // Answers with what it received: method, URI, some headers and the body; chunked when asked.
  private static final String ECHO = """
      package test.echo;

      import dev.eventhub.api.spi.*;
      import io.vertx.core.*;
      import io.vertx.core.http.HttpServerRequest;
      import java.util.List;

      public class Echo implements SourcePlugin {
        public String name() { return "echo"; }
        public List<CategoryDescriptor> categories() {
          return List.of(CategoryDescriptor.of("echo", "echoes", EventTypeDescriptor.of("echoed", "x")));
        }
        public Deployable createVerticle(PluginContext ctx) {
          return new VerticleBase() {
            @Override public Future<?> start() {
              ctx.mount("/api/echo", RouteAccess.CATEGORY_SCOPES, this::echo);
              return Future.succeededFuture();
            }
            private void echo(HttpServerRequest req) {
              req.body().onSuccess(body -> {
                var res = req.response().setStatusCode(req.path().endsWith("/teapot") ? 418 : 201)
                    .putHeader("Content-Type", "application/octet-stream")
                    .putHeader("X-Echo-Method", req.method().name())
                    .putHeader("X-Echo-Uri", req.uri())
                    .putHeader("X-Echo-Custom", String.valueOf(req.getHeader("X-Custom")))
                    .putHeader("X-Echo-Forwarded-For", String.valueOf(req.getHeader("X-Forwarded-For")))
                    .putHeader("X-Echo-Forwarded-Host", String.valueOf(req.getHeader("X-Forwarded-Host")))
                    .putHeader("X-Echo-Hop", String.valueOf(req.getHeader("X-Hop")))
                    .putHeader("X-Echo-Node", ctx.config().getString("node", "?"));
                res.headers().add("X-Multi", "a").add("X-Multi", "b");
                if (req.getParam("chunked") != null) {
                  res.setChunked(true);
                  res.write(body.getBuffer(0, body.length() / 2));
                  res.end(body.getBuffer(body.length() / 2, body.length()));
                } else {
                  res.end(body);
                }
              });
            }
          };
        }
      }
      """;

  @TempDir Path dir;
  private PlacementHub leader;
  private PlacementHub follower;
  private FakeClusterView followerView;

  @BeforeEach
  void startNodes() {
    PluginJar.create().source("test.echo.Echo", ECHO).service("dev.eventhub.api.spi.SourcePlugin", "test.echo.Echo")
        .build(dir.resolve("plugins/echo.jar"));
    leader = PlacementHub.start(TestHub.config(dir.resolve("a")).with("loader.dir", dir.resolve("plugins").toString())
        .with("plugins.echo.node", "a"), vertx -> new FakeClusterView(vertx).initiallyLeader(true));
    follower = PlacementHub.start(TestHub.config(dir.resolve("b")).with("loader.dir", dir.resolve("plugins").toString())
        .with("plugins.echo.node", "b"), vertx -> followerView = new FakeClusterView(vertx).leaderAt(leader.base()));
  }

  @AfterEach
  void stopNodes() {
    if (follower != null) {
      follower.close();
    }
    if (leader != null) {
      leader.close();
    }
  }

  private HttpResponse<Buffer> send(PlacementHub node, HttpMethod method, String uri, String token, Buffer body,
      String... headers) {
    var request = node.request(method, uri);
    if (token != null) {
      request.bearerTokenAuthentication(token);
    }
    for (int i = 0; i < headers.length; i += 2) {
      request.putHeader(headers[i], headers[i + 1]);
    }
    return TestHub.await(body == null ? request.send() : request.sendBuffer(body));
  }

  private static Buffer bigBody() {
    Buffer body = Buffer.buffer();
    for (int i = 0; body.length() < 300_000; i++) {
      body.appendString("line " + i + "\n");
    }
    return body;
  }

  @Test
  void shouldAnswerARequestForAStandbyPluginFromTheLeadersPlugin() {
    var r = send(follower, HttpMethod.GET, "/api/echo/things?x=1&y=%20z", follower.adminToken(), null,
        "X-Custom", "kept");
    assertThat(r.statusCode()).isEqualTo(201);
    assertThat(r.getHeader("X-Echo-Node")).isEqualTo("a");
    assertThat(r.getHeader("X-Echo-Method")).isEqualTo("GET");
    assertThat(r.getHeader("X-Echo-Uri")).isEqualTo("/api/echo/things?x=1&y=%20z");
    assertThat(r.getHeader("X-Echo-Custom")).isEqualTo("kept");
    assertThat(r.getHeader("X-Echo-Forwarded-For")).isEqualTo("127.0.0.1");
    assertThat(r.getHeader("X-Echo-Forwarded-Host")).isEqualTo("127.0.0.1:" + follower.port());
    assertThat(r.headers().getAll("X-Multi")).containsExactly("a", "b");
    assertThat(r.body() == null ? 0 : r.body().length()).isZero();
  }

  @Test
  void shouldStreamAPostBodyToTheLeaderAndItsAnswerBack() {
    Buffer body = bigBody();
    var r = send(follower, HttpMethod.POST, "/api/echo/upload", follower.adminToken(), body);
    assertThat(r.statusCode()).isEqualTo(201);
    assertThat(r.getHeader("X-Echo-Method")).isEqualTo("POST");
    assertThat(r.getHeader("Content-Length")).isEqualTo(String.valueOf(body.length()));
    assertThat(r.body()).isEqualTo(body);

    var chunked = send(follower, HttpMethod.PUT, "/api/echo/upload?chunked=1", follower.adminToken(), body);
    assertThat(chunked.statusCode()).isEqualTo(201);
    assertThat(chunked.getHeader("Transfer-Encoding")).isEqualTo("chunked");
    assertThat(chunked.body()).isEqualTo(body);
  }

  @Test
  void shouldPassTheLeadersStatusesAndRefusalsOnUnchanged() {
    var teapot = send(follower, HttpMethod.POST, "/api/echo/teapot", follower.adminToken(), Buffer.buffer("tea"));
    assertThat(teapot.statusCode()).isEqualTo(418);
    assertThat(teapot.bodyAsString()).isEqualTo("tea");

    // The leader checks the token: the follower forwards whatever comes.
    var anonymous = send(follower, HttpMethod.GET, "/api/echo/x", null, null);
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.bodyAsJsonObject().getString("error")).isEqualTo("unauthorized");
  }

  @Test
  void shouldDropHopByHopHeaders() {
    var r = send(follower, HttpMethod.GET, "/api/echo/x", follower.adminToken(), null,
        "Connection", "keep-alive, X-Hop", "X-Hop", "secret", "Proxy-Authorization", "Basic x");
    assertThat(r.statusCode()).isEqualTo(201);
    assertThat(r.getHeader("X-Echo-Hop")).isEqualTo("null");
  }

  @Test
  void shouldAnswer503WhenNoLeaderIsKnown() {
    followerView.leaderAt(null);
    var r = send(follower, HttpMethod.GET, "/api/echo/x", follower.adminToken(), null);
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.getHeader("Retry-After")).as("an election is under way: clients retry").isEqualTo("1");
    assertThat(r.bodyAsJsonObject())
        .isEqualTo(new JsonObject().put("error", "unavailable").put("message", "no cluster leader; retry"));
  }

  @Test
  void shouldAnswer503NamingTheLeaderWhenItCannotBeReached() throws IOException {
    String nowhere = "http://127.0.0.1:" + freePort();
    followerView.leaderAt(nowhere);
    var r = send(follower, HttpMethod.POST, "/api/echo/x", follower.adminToken(), Buffer.buffer("lost"));
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.bodyAsJsonObject().getString("error")).isEqualTo("unavailable");
    assertThat(r.bodyAsJsonObject().getString("message")).contains(nowhere);

    // The connection is still usable afterwards, and forwarding works again once the leader is back.
    followerView.leaderAt(leader.base());
    assertThat(send(follower, HttpMethod.GET, "/api/echo/x", follower.adminToken(), null).statusCode()).isEqualTo(201);
  }

  @Test
  void shouldNeverForwardTheHubsOwnPaths() throws IOException {
    // With an unreachable leader, a forwarded request answers 503: none of these may.
    followerView.leaderAt("http://127.0.0.1:" + freePort());
    String token = follower.adminToken();
    assertThat(send(follower, HttpMethod.GET, "/health", null, null).statusCode()).isEqualTo(200);
    assertThat(send(follower, HttpMethod.GET, "/ready", null, null).statusCode()).isEqualTo(200);
    assertThat(send(follower, HttpMethod.GET, "/api/categories", token, null).statusCode()).isEqualTo(200);
    assertThat(send(follower, HttpMethod.GET, "/api/plugins", token, null).statusCode()).isEqualTo(200);
    assertThat(send(follower, HttpMethod.GET, "/api/events", token, null).statusCode()).isEqualTo(200);
    assertThat(send(follower, HttpMethod.GET, "/api/events/nothing", token, null).statusCode()).isEqualTo(404);
    assertThat(send(follower, HttpMethod.DELETE, "/api/events", token, null).statusCode()).isIn(404, 405);
    assertThat(send(follower, HttpMethod.GET, "/api/plugins/echo", token, null).statusCode()).isEqualTo(404);
    assertThat(send(follower, HttpMethod.GET, "/api/cluster", token, null).statusCode()).isEqualTo(200);
    assertThat(send(follower, HttpMethod.GET, "/metrics", token, null).statusCode()).isEqualTo(404);
    assertThat(send(follower, HttpMethod.GET, "/console/missing.js", null, null).statusCode()).isEqualTo(404);
    assertThat(send(follower, HttpMethod.POST, "/", null, Buffer.buffer("x")).statusCode()).isIn(404, 405);
    // ...whereas a path a plugin could serve is forwarded.
    assertThat(send(follower, HttpMethod.GET, "/api/other/x", token, null).statusCode()).isEqualTo(503);
  }

  @Test
  void shouldNotForwardOnTheLeaderItself() {
    var r = send(leader, HttpMethod.GET, "/api/nothing/here", leader.adminToken(), null);
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.bodyAsJsonObject().getString("error")).isEqualTo("not_found");
  }

  @Test
  void shouldRefuseARequestAnotherNodeForwardedInsteadOfForwardingItAgain() {
    var r = send(follower, HttpMethod.GET, "/api/echo/x", follower.adminToken(), null, "X-Hub-Forwarded", "1");
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.bodyAsJsonObject().getString("message")).contains("not the cluster leader");
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
