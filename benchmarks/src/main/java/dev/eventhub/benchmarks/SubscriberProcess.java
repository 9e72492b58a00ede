package dev.eventhub.benchmarks;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A child JVM of subscribers ({@link RemoteSubscribers} starts several, so that one generator process is not
 * what limits a fan-out): {@code count} WebSocket subscribers to one server, speaking the hub's protocol ({@code
 * hub}, the bare server too) or NATS's ({@code nats}). Prints {@code ready}, then every {@value #REPORT_MS} ms
 * {@code n <events> <min events of one subscriber> <frames> <bytes>}, and {@code fail <why>} once if a subscriber
 * fails; closes its subscribers and exits when its standard input ends.
 *
 * <pre>
 * SubscriberProcess hub|nats PORT SUBJECT COUNT batch|single [SOURCE-ADDRESS]   (the hub's token in BENCH_TOKEN)
 * </pre>
 */
public final class SubscriberProcess {
  static final int REPORT_MS = 5;
  private static final int PARALLEL = 20;

  /** What the parent needs of one subscriber of either protocol. */
  private record Counted(LongSupplier events, LongSupplier frames, LongSupplier bytes, Supplier<String> failure,
      Supplier<Future<Void>> close) {}

  private SubscriberProcess() {}

  public static void main(String[] args) throws Exception {
    String protocol = args[0];
    int port = Integer.parseInt(args[1]);
    String subject = args[2];
    int count = Integer.parseInt(args[3]);
    boolean batch = args[4].equals("batch");
    String token = System.getenv().getOrDefault("BENCH_TOKEN", "");
    PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false,
        StandardCharsets.US_ASCII);
    // Several of these start at once on a busy machine: class loading then takes seconds, which is not a blocked loop.
    Vertx vertx = Vertx.vertx(new VertxOptions().setMaxEventLoopExecuteTime(30).setMaxEventLoopExecuteTimeUnit(
        TimeUnit.SECONDS));
    WebSocketClientOptions clientOptions = new WebSocketClientOptions().setMaxConnections(1_000_000)
        .setMaxFrameSize(1 << 20).setMaxMessageSize(8 << 20).setTcpNoDelay(true);
    if (args.length > 5) {
      clientOptions.setLocalAddress(args[5]);
    }
    WebSocketClient client = vertx.createWebSocketClient(clientOptions);
    List<Counted> subscribers = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger next = new AtomicInteger();
    List<Future<Void>> lanes = new ArrayList<>();
    for (int i = 0; i < Math.min(PARALLEL, count); i++) {
      lanes.add(lane(client, protocol, port, subject, batch, token, count, next, subscribers));
    }
    try {
      // 120 s, and more for many (M3: 10,000 subscribers over a few processes on a busy machine).
      Future.all(lanes).await(120 + count / 20, TimeUnit.SECONDS);
    } catch (Exception e) {
      // A timeout has no message: say which, and how far it got.
      out.println("fail could not subscribe: " + e + " (" + subscribers.size() + " of " + count + " subscribed)");
      out.flush();
      System.exit(1);
    }
    List<Counted> all = List.copyOf(subscribers);
    out.println("ready " + all.size());
    out.flush();
    boolean[] failed = {false};
    vertx.setPeriodic(REPORT_MS, id -> report(out, all, failed));
    // Until the parent closes our standard input (or dies).
    new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII)).readLine();
    List<Future<Void>> closing = new ArrayList<>();
    all.forEach(s -> closing.add(s.close().get().otherwiseEmpty()));
    Future.join(closing).await(30, TimeUnit.SECONDS);
    vertx.close().await(30, TimeUnit.SECONDS);
    System.exit(0);
  }

  private static void report(PrintStream out, List<Counted> all, boolean[] failed) {
    long events = 0;
    long min = Long.MAX_VALUE;
    long frames = 0;
    long bytes = 0;
    String failure = null;
    for (Counted s : all) {
      long e = s.events().getAsLong();
      events += e;
      min = Math.min(min, e);
      frames += s.frames().getAsLong();
      bytes += s.bytes().getAsLong();
      failure = failure != null ? failure : s.failure().get();
    }
    out.println("n " + events + " " + (all.isEmpty() ? 0 : min) + " " + frames + " " + bytes);
    if (failure != null && !failed[0]) {
      failed[0] = true;
      out.println("fail " + failure.replace('\n', ' '));
    }
    out.flush();
  }

  private static Future<Void> lane(WebSocketClient client, String protocol, int port, String subject, boolean batch,
      String token, int count, AtomicInteger next, List<Counted> out) {
    if (next.getAndIncrement() >= count) {
      return Future.succeededFuture();
    }
    return connect(client, protocol, port, subject, batch, token).compose(s -> {
      out.add(s);
      return lane(client, protocol, port, subject, batch, token, count, next, out);
    });
  }

  private static Future<Counted> connect(WebSocketClient client, String protocol, int port, String subject,
      boolean batch, String token) {
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port);
    if (protocol.equals("nats")) {
      return client.connect(options.setURI("/")).compose(ws -> NatsSubscriber.subscribe(ws, subject))
          .map(s -> new Counted(s::events, s::frames, s::bytes, s::failure, s::close));
    }
    options.setURI("/ws").addHeader("Authorization", "Bearer " + token);
    return client.connect(options).compose(ws -> Subscriber.subscribe(ws, List.of(subject), batch, null, null))
        .map(s -> new Counted(s::events, s::frames, s::bytes, s::failure, s::close));
  }
}
