package dev.eventhub.kit.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventhub.api.spi.Cidr;
import dev.eventhub.api.spi.OutboundSettings;
import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The outbound client against real servers on loopback, opened for these tests with allowNetworks. */
class OutboundClientTest {
  private static final OutboundClient.Options OPTIONS = new OutboundClient.Options("test", Duration.ofSeconds(5),
      Duration.ofSeconds(10), 4, 100);

  private final Vertx vertx = Vertx.vertx();
  private final LinkedBlockingQueue<HttpServerRequest> received = new LinkedBlockingQueue<>();
  private final CompletableFuture<Void> connectionClosed = new CompletableFuture<>();
  private volatile Consumer<HttpServerRequest> behavior = r -> r.response().end("ok");
  private final HttpServer server = TestHub.await(vertx.createHttpServer()
      .connectionHandler(c -> c.closeHandler(v -> connectionClosed.complete(null)))
      .requestHandler(r -> {
        received.add(r);
        behavior.accept(r);
      }).listen(0, "127.0.0.1"));

  @AfterEach
  void close() {
    TestHub.await(vertx.close());
  }

  private OutboundClient client(OutboundGuard.Resolver resolver, String... allow) {
    OutboundSettings settings = new OutboundSettings(List.of(allow).stream().map(Cidr::parse).toList(), "hub-1", -1);
    return new OutboundClient(vertx, new OutboundGuard(vertx, settings, resolver), OPTIONS);
  }

  private OutboundClient client() {
    return client(host -> List.of(InetAddress.getByName(host)), "127.0.0.0/8");
  }

  private OutboundClient.Call call(String url, Duration deadline, int maxBodyBytes) {
    return new OutboundClient.Call(HttpMethod.POST, url, null, Buffer.buffer("{}"), deadline, maxBodyBytes);
  }

  private String url(String host, String path) {
    return "http://" + host + ":" + server.actualPort() + path;
  }

  private HttpServerRequest nextRequest() throws InterruptedException {
    HttpServerRequest request = received.poll(TestHub.TIMEOUT_SECONDS, TimeUnit.SECONDS);
    assertThat(request).as("a request within the tests' timeout").isNotNull();
    return request;
  }

  @Test
  void shouldAnswerWithTheStatusAndBodyAndSendTheHopHeader() throws Exception {
    OutboundClient.Answer answer = TestHub.await(client().send(call(url("127.0.0.1", "/x"), Duration.ofSeconds(10),
        1024)));

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.body().toString()).isEqualTo("ok");
    assertThat(answer.truncated()).isFalse();
    HttpServerRequest request = nextRequest();
    assertThat(request.getHeader(OutboundSettings.HOP_HEADER)).isEqualTo("hub-1");
    assertThat(request.getHeader("User-Agent")).isEqualTo("test");
  }

  @Test
  void shouldRefuseALoopbackTargetUnlessItIsAllowed() {
    OutboundClient closed = client(host -> List.of(InetAddress.getByName(host)));
    assertThatThrownBy(() -> TestHub.await(closed.send(call(url("127.0.0.1", "/x"), Duration.ofSeconds(10), 0))))
        .isInstanceOf(OutboundGuard.RefusedAddressException.class).hasMessageContaining("loopback (127.0.0.0/8)");
    assertThat(received).isEmpty();
  }

  @Test
  void shouldConnectToTheAddressItCheckedKeepingTheNameInTheHostHeader() throws Exception {
    // A name whose DNS answer changes at every lookup: the first answer is checked, and the call goes
    // there, not to a second lookup's answer (10.0.0.1 here, which would be refused anyway).
    AtomicInteger lookups = new AtomicInteger();
    OutboundClient client = client(host -> List.of(InetAddress.getByAddress(host,
        Cidr.literal(lookups.getAndIncrement() == 0 ? "127.0.0.1" : "10.0.0.1"))), "127.0.0.1");

    OutboundClient.Answer answer = TestHub.await(client.send(call(url("rebind.test", "/x"), Duration.ofSeconds(10),
        64)));

    assertThat(answer.status()).isEqualTo(200);
    assertThat(lookups.get()).isEqualTo(1);
    assertThat(nextRequest().getHeader("Host")).isEqualTo("rebind.test:" + server.actualPort());
  }

  @Test
  void shouldNotReachLoopbackThroughANameThatRebindsToItAfterTheCheck() throws Exception {
    // The first answer is a public address (documentation range: nothing answers there); the second,
    // loopback. A client that looked the name up again to connect would reach the server here.
    AtomicInteger lookups = new AtomicInteger();
    OutboundClient client = client(host -> List.of(InetAddress.getByAddress(host,
        Cidr.literal(lookups.getAndIncrement() == 0 ? "203.0.113.7" : "127.0.0.1"))), "127.0.0.1");

    assertThat(failure(client.send(call(url("rebind.test", "/x"), Duration.ofMillis(1500), 64)))).isNotNull();

    assertThat(lookups.get()).isEqualTo(1);
    assertThat(received).isEmpty();
  }

  @Test
  void shouldNotFollowRedirects() {
    behavior = r -> r.response().setStatusCode(302).putHeader("Location", url("127.0.0.1", "/elsewhere")).end();

    OutboundClient.Answer answer = TestHub.await(client().send(call(url("127.0.0.1", "/x"), Duration.ofSeconds(10),
        64)));

    assertThat(answer.status()).isEqualTo(302);
    assertThat(received).hasSize(1);
  }

  @Test
  void shouldKeepAtMostTheLimitOfAnEndlessAnswerAndStopReading() throws Exception {
    behavior = r -> endless(r.response().setChunked(true));

    OutboundClient.Answer answer = TestHub.await(client().send(call(url("127.0.0.1", "/x"), Duration.ofMinutes(5),
        4096)));

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.truncated()).isTrue();
    assertThat(answer.body().length()).isEqualTo(4096);
    // Reading stopped: the connection is closed rather than drained.
    connectionClosed.get(TestHub.TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }

  @Test
  void shouldFailAtTheDeadlineWhenATargetTricklesItsAnswer() throws Exception {
    behavior = r -> {
      HttpServerResponse response = r.response().setChunked(true);
      vertx.setPeriodic(50, id -> {
        if (response.closed() || response.ended()) {
          vertx.cancelTimer(id);
        } else {
          response.write("x");
        }
      });
    };

    assertThat(failure(client().send(call(url("127.0.0.1", "/x"), Duration.ofMillis(800), 1 << 20))))
        .isInstanceOf(TimeoutException.class).hasMessageContaining("no complete answer within 800ms");
    connectionClosed.get(TestHub.TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }

  @Test
  void shouldFailAtTheDeadlineWhenATargetNeverAnswers() throws Exception {
    behavior = r -> { };

    assertThat(failure(client().send(call(url("127.0.0.1", "/x"), Duration.ofMillis(500), 64))))
        .isInstanceOf(TimeoutException.class);
  }

  private static Throwable failure(Future<?> future) throws Exception {
    try {
      Object result = future.toCompletionStage().toCompletableFuture().get(TestHub.TIMEOUT_SECONDS, TimeUnit.SECONDS);
      throw new AssertionError("expected a failure, got " + result);
    } catch (ExecutionException e) {
      return e.getCause();
    }
  }

  // Writes without end, a burst at a time, yielding the event loop between bursts so that the close
  // of the connection is seen.
  private void endless(HttpServerResponse response) {
    Buffer chunk = Buffer.buffer(new byte[8192]);
    for (int i = 0; i < 16 && !response.writeQueueFull() && !response.closed(); i++) {
      response.write(chunk);
    }
    if (response.closed()) {
      return;
    }
    if (response.writeQueueFull()) {
      response.drainHandler(v -> endless(response));
    } else {
      vertx.runOnContext(v -> endless(response));
    }
  }

}
