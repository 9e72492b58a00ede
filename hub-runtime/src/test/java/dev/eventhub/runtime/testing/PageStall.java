package dev.eventhub.runtime.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Holds a browser page still, for a test of a client that stops reading (issue 20, overflow policies): the page
 * makes a synchronous request to {@link #url()} (e.g. in an event handler), which blocks its only thread, so the
 * browser stops reading its sockets and the hub's queue for it grows; the request is answered once the test calls
 * {@link #release()} (or after {@link TestHub#TIMEOUT_SECONDS}). Answers any origin (CORS), on loopback.
 */
public final class PageStall implements AutoCloseable {
  private final CountDownLatch released = new CountDownLatch(1);
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final HttpServer server;

  private PageStall(HttpServer server) {
    this.server = server;
  }

  public static PageStall start() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    PageStall stall = new PageStall(server);
    server.setExecutor(stall.threads);
    server.createContext("/stall", exchange -> {
      try {
        stall.released.await(TestHub.TIMEOUT_SECONDS, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      exchange.getResponseHeaders().add("Access-Control-Allow-Origin", "*");
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    });
    server.start();
    return stall;
  }

  /** The URL a page requests synchronously to stop until {@link #release()}. */
  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/stall";
  }

  /** Lets every request waiting (and every later one) be answered. */
  public void release() {
    released.countDown();
  }

  @Override
  public void close() {
    release();
    server.stop(0);
    threads.shutdownNow();
  }
}
