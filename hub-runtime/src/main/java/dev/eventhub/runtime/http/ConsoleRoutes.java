package dev.eventhub.runtime.http;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.util.List;

/**
 * The web console: static files from the classpath folder {@code webroot/}, served at {@code /},
 * {@code /index.html} and {@code /console/*} only, so that they never shadow the API, the WebSocket
 * or plugin routes. The files need no token: the console keeps its token in the browser and sends it
 * with every API call and WebSocket upgrade. The JavaScript client (clients/js, copied into {@code
 * webroot/client/} by the build) is served at {@code /client/*}, to the console and to any page.
 */
final class ConsoleRoutes {
  // The console talks only to its own origin; it may not be framed (the token is in its storage).
  private static final String POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
      + "connect-src 'self' ws: wss:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

  private ConsoleRoutes() {}

  static void install(Router router) {
    StaticHandler page = files("webroot");
    for (String path : List.of("/", "/index.html")) {
      router.get(path).handler(ConsoleRoutes::headers).handler(page);
    }
    // A wildcard route hands the handler the path below its prefix: /console/app.js is webroot/console/app.js.
    router.get("/console/*").handler(ConsoleRoutes::headers).handler(files("webroot/console"));
    router.get("/client/*").handler(ConsoleRoutes::clientHeaders).handler(files("webroot/client"));
  }

  // A module script imported by a page of another origin is fetched with CORS: the client is public.
  private static void clientHeaders(RoutingContext ctx) {
    ctx.response().headers()
        .set("Access-Control-Allow-Origin", "*")
        .set("X-Content-Type-Options", "nosniff")
        .set("Cache-Control", "no-cache");
    ctx.next();
  }

  private static StaticHandler files(String root) {
    return StaticHandler.create(root)
        .setIndexPage("index.html")
        .setDefaultContentEncoding("UTF-8")
        // A hub upgrade must not leave browsers on yesterday's scripts: revalidate every time.
        .setCachingEnabled(false)
        .setDirectoryListing(false);
  }

  private static void headers(RoutingContext ctx) {
    ctx.response().headers()
        .set("Content-Security-Policy", POLICY)
        .set("X-Content-Type-Options", "nosniff")
        .set("Referrer-Policy", "no-referrer")
        .set("Cache-Control", "no-cache");
    ctx.next();
  }
}
