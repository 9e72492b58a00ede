package dev.eventhub.runtime.testing;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PfxOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An identity provider's JWKS endpoint for tests: HTTPS on loopback port 0 with a self-signed
 * certificate made by the JDK's keytool; serves whatever document it is given, or 503 while down.
 */
public final class JwksServer implements AutoCloseable {
  private final Vertx vertx = Vertx.vertx();
  private final HttpServer server;
  private final AtomicReference<String> document = new AtomicReference<>("{\"keys\":[]}");
  private final AtomicBoolean up = new AtomicBoolean(true);
  private final AtomicInteger requests = new AtomicInteger();
  private final Path certificate;

  private JwksServer(Path dir) throws Exception {
    Path store = dir.resolve("jwks-server.p12");
    certificate = dir.resolve("jwks-server.pem");
    keytool("-genkeypair", "-alias", "jwks", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
        "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2", "-storetype", "PKCS12",
        "-keystore", store.toString(), "-storepass", "changeit", "-keypass", "changeit");
    keytool("-exportcert", "-rfc", "-alias", "jwks", "-keystore", store.toString(), "-storepass", "changeit",
        "-file", certificate.toString());
    server = TestHub.await(vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0).setSsl(true)
            .setKeyCertOptions(new PfxOptions().setPath(store.toString()).setPassword("changeit")))
        .requestHandler(request -> {
          requests.incrementAndGet();
          if (up.get()) {
            request.response().putHeader("Content-Type", "application/json").end(document.get());
          } else {
            request.response().setStatusCode(503).end();
          }
        }).listen());
  }

  /** Starts a server whose key store and certificate live in {@code dir}. */
  public static JwksServer start(Path dir) throws Exception {
    return new JwksServer(dir);
  }

  public String url() {
    return "https://127.0.0.1:" + server.actualPort() + "/.well-known/jwks.json";
  }

  /** The PEM certificate a client must trust to reach this server. */
  public Path certificate() {
    return certificate;
  }

  public void serve(String jwks) {
    document.set(jwks);
  }

  public void up(boolean answering) {
    up.set(answering);
  }

  public int requests() {
    return requests.get();
  }

  @Override
  public void close() {
    TestHub.await(vertx.close());
  }

  private static void keytool(String... args) throws Exception {
    String[] command = new String[args.length + 1];
    command[0] = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    System.arraycopy(args, 0, command, 1, args.length);
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    if (!p.waitFor(TestHub.TIMEOUT_SECONDS, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("keytool failed: " + new String(p.getInputStream().readAllBytes()));
    }
    if (!Files.exists(Path.of(args[args.length - 1])) && args[0].equals("-exportcert")) {
      throw new IllegalStateException("keytool wrote no certificate");
    }
  }
}
