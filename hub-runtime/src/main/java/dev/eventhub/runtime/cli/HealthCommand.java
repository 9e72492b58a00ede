package dev.eventhub.runtime.cli;

import dev.eventhub.runtime.config.HubConfig;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code hub health}: asks a hub's {@code GET /ready} and exits 0 if it answers 200, 1 otherwise. It is the
 * container image's health check (a scratch image has no shell and no curl); it never reads the token secret.
 */
@Command(name = "health", mixinStandardHelpOptions = true, versionProvider = HubVersion.class,
    description = {"Asks a running hub's GET /ready: exit 0 if it is ready, 1 if it is not or does not answer.",
        "The container image's health check (docs/operations.md)."})
final class HealthCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ConfigOption config;

  @Option(names = "--url", paramLabel = "URL", description = "the hub (default: http://localhost:<http.port>)")
  String url;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "5",
      description = "how long to wait for the answer (default: ${DEFAULT-VALUE})")
  int timeoutSeconds;

  @Override
  public Integer call() throws InterruptedException {
    URI ready = readyUri();
    if (timeoutSeconds < 1) {
      throw new ParameterException(spec.commandLine(), "--timeout must be at least 1 second");
    }
    Duration timeout = Duration.ofSeconds(timeoutSeconds);
    // Blocking is fine here: a command-line thread, not an event loop.
    HttpClient client = HttpClient.newBuilder().connectTimeout(timeout).build();
    HttpRequest request = HttpRequest.newBuilder(ready).timeout(timeout).GET().build();
    try {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      String status = status(response.body());
      if (response.statusCode() == 200) {
        spec.commandLine().getOut().println(ready + ": " + status);
        spec.commandLine().getOut().flush();
        return HubCommand.OK;
      }
      spec.commandLine().getErr().println("hub: health: " + ready + " answered " + response.statusCode() + ": " + status);
    } catch (IOException e) {
      spec.commandLine().getErr().println("hub: health: " + ready + " did not answer: " + e);
    }
    spec.commandLine().getErr().flush();
    return HubCommand.FAILED;
  }

  private URI readyUri() {
    String base = url;
    if (base == null) {
      HubConfig settings = config.load();
      String host = settings.string("http.host");
      boolean wildcard = host == null || host.isBlank() || host.equals("0.0.0.0") || host.equals("::");
      base = "http://" + (wildcard ? "localhost" : host.contains(":") ? "[" + host + "]" : host) + ":"
          + settings.integer("http.port", 1, 65535);
    }
    URI uri;
    try {
      uri = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--url is not a URL: " + base);
    }
    if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
      throw new ParameterException(spec.commandLine(), "--url must be http(s)://host[:port]: " + base);
    }
    return uri.resolve(uri.getPath() + "/ready");
  }

  /** The body's {@code status}, or the start of the body if it is not the hub's JSON. */
  private static String status(String body) {
    try {
      return new JsonObject(body).getString("status", "?");
    } catch (DecodeException | ClassCastException e) {
      return body.length() > 200 ? body.substring(0, 200) + "..." : body;
    }
  }
}
