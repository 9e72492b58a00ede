package dev.eventhub.runtime;

import dev.eventhub.runtime.auth.TokenService;
import dev.eventhub.runtime.cli.TailCommand;
import java.util.ArrayList;
import java.util.List;
import dev.eventhub.runtime.config.ConfigException;
import dev.eventhub.runtime.config.ConfigLoader;
import dev.eventhub.runtime.config.Durations;
import dev.eventhub.runtime.config.HubConfig;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code bin/hub}: {@code hub [run]} starts the hub; {@code hub token --scope "..." [--ttl 1h |
 * --no-expiry] [--sub name] [--console]} prints a signed token (at least 1 s, at most {@code
 * auth.jwt.maxTokenTtl}; {@code --no-expiry} only where {@code auth.jwt.allowNoExpiry} is true). The installation directory is the {@code hub.home} system
 * property (set by {@code bin/hub}), else the working directory; the settings file is {@code
 * --config FILE}, else {@code $HUB_CONFIG}, else {@code conf/hub.json} there.
 */
public final class Launcher {
  private static final Logger LOG = Logger.getLogger(Launcher.class.getName());

  private static final java.util.concurrent.atomic.AtomicBoolean STOPPING = new java.util.concurrent.atomic.AtomicBoolean();

  /** Lifetimes of the tokens the CLI signs unless told otherwise: each within auth.jwt.maxTokenTtl. */
  static final Duration DEFAULT_TTL = Duration.ofHours(1);
  static final Duration CONSOLE_TTL = Duration.ofHours(8);
  static final Duration TAIL_TTL = Duration.ofDays(1);

  private Launcher() {}

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  public static void main(String[] args) {
    ConsoleLogFormat.install();
    Deque<String> rest = new ArrayDeque<>(Arrays.asList(args));
    String command = rest.isEmpty() || rest.peek().startsWith("--") ? "run" : rest.pop();
    try {
      switch (command) {
        case "run" -> run(rest);
        case "token" -> System.out.println(token(rest));
        case "tail" -> tail(rest);
        case "help", "-h" -> usage();
        default -> fail("unknown command '" + command + "'; try: hub run | hub token --scope \"subscribe:*\"");
      }
    } catch (ConfigException | IllegalArgumentException | IllegalStateException e) {
      fail(e.getMessage());
    }
  }

  private static void run(Deque<String> args) {
    HubConfig config = config(args);
    // Read before the start: a bad value must refuse the hub, not stop it once it is ready.
    long waitMillis = config.duration("shutdown.timeout").toMillis() + 5000;
    Hub hub;
    try {
      hub = Hub.start(config).await(5, TimeUnit.MINUTES);
    } catch (Exception e) {
      LOG.log(Level.SEVERE, "the hub could not start: " + e.getMessage(), e instanceof ConfigException ? null : e);
      System.exit(1);
      return;
    }
    // SIGTERM and Ctrl-C: stop gracefully and exit 0, as service managers expect of a clean stop.
    for (String signal : new String[] {"TERM", "INT"}) {
      try {
        sun.misc.Signal.handle(new sun.misc.Signal(signal), s -> new Thread(() -> {
          boolean clean = stop(hub, waitMillis);
          System.exit(clean ? 0 : 1);
        }, "hub-signal").start());
      } catch (IllegalArgumentException unsupported) {
        // No such signal on this platform (Windows has no TERM): the shutdown hook below still stops the hub.
      }
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(hub, waitMillis), "hub-shutdown"));
  }

  private static boolean stop(Hub hub, long waitMillis) {
    if (!STOPPING.compareAndSet(false, true)) {
      return true;
    }
    LOG.info("shutting down");
    try {
      hub.stop().await(waitMillis, TimeUnit.MILLISECONDS);
      return true;
    } catch (Exception e) {
      LOG.warning("shutdown did not finish cleanly: " + e);
      return false;
    }
  }

  static String token(Deque<String> args) {
    Set<String> scopes = new LinkedHashSet<>();
    Duration ttl = null;
    boolean noExpiry = false;
    String subject = "hub-cli";
    boolean console = false;
    Deque<String> configArgs = new ArrayDeque<>();
    while (!args.isEmpty()) {
      String arg = args.pop();
      switch (arg) {
        case "--scope" -> scopes.addAll(Arrays.asList(value(args, arg).trim().split("\\s+")));
        case "--ttl" -> ttl = Durations.parse("--ttl", value(args, arg));
        case "--no-expiry" -> noExpiry = true;
        case "--sub" -> subject = value(args, arg);
        case "--console" -> console = true;
        case "--config" -> {
          configArgs.add(arg);
          configArgs.add(value(args, arg));
        }
        default -> throw new IllegalArgumentException("unknown option '" + arg + "' for 'hub token'");
      }
    }
    if (scopes.isEmpty()) {
      scopes.addAll(console ? Set.of("subscribe:*", "publish:*", "admin") : Set.of());
      if (scopes.isEmpty()) {
        throw new IllegalArgumentException("--scope is required, e.g. --scope \"subscribe:* publish:*\"");
      }
    }
    if (noExpiry && ttl != null) {
      throw new IllegalArgumentException("--ttl and --no-expiry contradict each other: give one");
    }
    boolean defaulted = !noExpiry && ttl == null;
    if (defaulted) {
      // A console session lasts a working day; other tokens an hour unless asked otherwise.
      ttl = console ? CONSOLE_TTL : DEFAULT_TTL;
    }
    HubConfig config = config(configArgs);
    Vertx vertx = Vertx.vertx();
    try {
      TokenService tokens = TokenService.create(vertx, config);
      if (defaulted && tokens.enabled()) {
        ttl = min(ttl, tokens.maxTokenTtl());
      }
      String jwt = tokens.issue(subject, scopes, ttl);
      if (!console) {
        return jwt;
      }
      int port = config.integer("http.port", 0, 65535);
      return "http://localhost:" + port + "/#token=" + jwt;
    } finally {
      vertx.close();
    }
  }

  private static void tail(Deque<String> args) {
    List<String> tailArgs = new ArrayList<>();
    Deque<String> configArgs = new ArrayDeque<>();
    while (!args.isEmpty()) {
      String arg = args.pop();
      if ("--config".equals(arg)) {
        configArgs.add(arg);
        configArgs.add(value(args, arg));
      } else {
        tailArgs.add(arg);
      }
    }
    HubConfig config = config(configArgs);
    Vertx vertx = Vertx.vertx();
    String url = "http://localhost:" + config.integer("http.port", 0, 65535);
    TailCommand tail = TailCommand.parse(vertx, System.out, tailArgs, url, scope -> {
      TokenService tokens = TokenService.create(vertx, config);
      return tokens.enabled() ? tokens.issue("hub-tail", Set.of(scope), min(TAIL_TTL, tokens.maxTokenTtl())) : "";
    });
    try {
      tail.run().await();
    } catch (Exception e) {
      System.err.println("hub: tail: " + e.getMessage() + " (is the hub running at " + tail.url() + "?)");
      vertx.close();
      System.exit(1);
    }
    vertx.close();
  }

  private static HubConfig config(Deque<String> args) {
    Path home = Path.of(System.getProperty("hub.home", ".")).toAbsolutePath().normalize();
    String file = System.getenv("HUB_CONFIG");
    while (!args.isEmpty()) {
      String arg = args.pop();
      if ("--config".equals(arg)) {
        file = value(args, arg);
      } else {
        throw new IllegalArgumentException("unknown option '" + arg + "'");
      }
    }
    Path path = file != null ? Path.of(file) : home.resolve("conf").resolve("hub.json");
    return ConfigLoader.load(path, System.getenv(), home);
  }

  private static String value(Deque<String> args, String option) {
    if (args.isEmpty()) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args.pop();
  }

  private static void usage() {
    System.out.println("""
        usage: hub [run] [--config FILE]
               hub token --scope "subscribe:* publish:* admin" [--ttl 1h | --no-expiry] [--sub NAME] [--console]
               hub tail [CATEGORY...] [--events GLOBS] [--keys KEYS] [--last N | --since CURSOR] [--json]
                        [--url http://HOST:PORT] [--token JWT]
        Settings: conf/hub.json; override any with HUB_<PATH> (e.g. HUB_HTTP_PORT=9090).""");
  }

  private static void fail(String message) {
    System.err.println("hub: " + message);
    System.exit(2);
  }
}
