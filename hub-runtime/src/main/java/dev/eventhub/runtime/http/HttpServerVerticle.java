package dev.eventhub.runtime.http;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One HTTP server on its own event loop. The hub deploys one instance per event loop on the same
 * port, and Vert.x spreads connections across them: without that, every connection (and every
 * WebSocket) would share a single event loop.
 */
public final class HttpServerVerticle extends VerticleBase {
  private final HttpServerOptions options;
  private final Handler<HttpServerRequest> handler;
  private final AtomicInteger actualPort;
  private final Set<Integer> ports;
  private final ConnectionLimit limit;
  private HttpServer server;

  /**
   * @param limit the bound on connections, shared by every instance
   */
  public HttpServerVerticle(HttpServerOptions options, Handler<HttpServerRequest> handler, AtomicInteger actualPort,
      Set<Integer> ports, ConnectionLimit limit) {
    this.options = new HttpServerOptions(options);
    this.handler = handler;
    this.actualPort = actualPort;
    this.ports = ports;
    this.limit = limit;
  }

  @Override
  public Future<?> start() {
    server = vertx.createHttpServer(options).connectionHandler(limit::accept).requestHandler(handler);
    return server.listen().onSuccess(s -> {
      actualPort.compareAndSet(0, s.actualPort());
      ports.add(s.actualPort());
    });
  }

  @Override
  public Future<?> stop() {
    return server.close();
  }
}
