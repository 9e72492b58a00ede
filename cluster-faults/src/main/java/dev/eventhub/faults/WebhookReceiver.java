package dev.eventhub.faults;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The target of the hub's webhook subscription: answers every delivery 204 and records its event id
 * ({@code webhook-id}) and idempotency key ({@code Idempotency-Key}, or the {@code webhook-id} when the
 * hub sends none: that is the key the webhook docs tell receivers to dedupe on).
 */
final class WebhookReceiver implements AutoCloseable {
  static final String PATH = "/hook";

  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(4);
  private final Recorder recorder;

  WebhookReceiver(Recorder recorder) throws IOException {
    this.recorder = recorder;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    server.createContext(PATH, this::handle);
    server.setExecutor(executor);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + PATH;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (InputStream body = exchange.getRequestBody()) {
      body.readAllBytes();
    }
    String id = exchange.getRequestHeaders().getFirst("webhook-id");
    String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
    if (id != null) {
      recorder.delivery(new Facts.Delivery(id, key != null ? key : id, System.currentTimeMillis()));
    }
    exchange.sendResponseHeaders(id == null ? 400 : 204, -1);
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
