package dev.eventhub.runtime.cli;

import dev.eventhub.api.HubPrincipal;
import dev.eventhub.runtime.auth.TokenService;
import dev.eventhub.runtime.config.Durations;
import dev.eventhub.runtime.config.HubConfig;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code hub token}: prints a token signed with the hub's secret, and nothing else on stdout (so that {@code
 * $(bin/hub token ...)} is the token). It never generates the secret: it fails naming where it looked.
 */
@Command(name = "token", mixinStandardHelpOptions = true, versionProvider = HubVersion.class,
    description = {"Prints a token signed with the hub's secret.",
        "The secret is auth.jwt.secret, or the one the hub generated into its data directory at its first",
        "start (this command never makes one). Lifetimes: at least 1s, at most auth.jwt.maxTokenTtl."})
final class TokenCommand implements Callable<Integer> {
  /** Lifetimes of the tokens the CLI signs unless told otherwise: each within auth.jwt.maxTokenTtl. */
  static final Duration DEFAULT_TTL = Duration.ofHours(1);
  static final Duration CONSOLE_TTL = Duration.ofHours(8);

  @Spec CommandSpec spec;
  @Mixin ConfigOption config;

  @Option(names = "--scope", paramLabel = "SCOPES",
      description = "space-separated scopes, e.g. \"subscribe:* publish:orders admin\" (repeatable)")
  String[] scopes = {};

  @Option(names = "--ttl", paramLabel = "DURATION",
      description = "lifetime, e.g. 30m, 2h, 7d (default 1h; 8h with --console; capped by auth.jwt.maxTokenTtl)")
  String ttl;

  @Option(names = "--no-expiry", description = "a token without 'exp' (only where auth.jwt.allowNoExpiry is true)")
  boolean noExpiry;

  @Option(names = "--sub", paramLabel = "NAME", description = "the token's subject (default: hub-cli)")
  String subject = "hub-cli";

  @Option(names = "--console",
      description = "print the console's sign-in link (scopes default to \"subscribe:* publish:* admin\")")
  boolean console;

  @Override
  public Integer call() {
    spec.commandLine().getOut().println(sign(config.load()));
    spec.commandLine().getOut().flush();
    return HubCommand.OK;
  }

  String sign(HubConfig settings) {
    Set<String> granted = new LinkedHashSet<>();
    for (String s : scopes) {
      granted.addAll(Arrays.asList(s.trim().split("\\s+")));
    }
    granted.remove("");
    if (granted.isEmpty() && console) {
      granted.addAll(Set.of("subscribe:*", "publish:*", "admin"));
    }
    if (granted.isEmpty()) {
      throw new ParameterException(spec.commandLine(), "--scope is required, e.g. --scope \"subscribe:* publish:*\"");
    }
    for (String scope : granted) {
      String malformed = HubPrincipal.scopeError(scope);
      if (malformed != null) {
        throw new ParameterException(spec.commandLine(), "--scope: " + malformed);
      }
    }
    if (noExpiry && ttl != null) {
      throw new ParameterException(spec.commandLine(), "--ttl and --no-expiry contradict each other: give one");
    }
    Duration lifetime = ttl == null ? null : Durations.parse("--ttl", ttl);
    boolean defaulted = !noExpiry && lifetime == null;
    if (defaulted) {
      // A console session lasts a working day; other tokens an hour unless asked otherwise.
      lifetime = console ? CONSOLE_TTL : DEFAULT_TTL;
    }
    Vertx vertx = Vertx.vertx();
    try {
      TokenService tokens = TokenService.forSigning(vertx, settings);
      if (defaulted && tokens.enabled()) {
        lifetime = min(lifetime, tokens.maxTokenTtl());
      }
      String jwt = tokens.issue(subject, granted, lifetime);
      return console ? "http://localhost:" + settings.integer("http.port", 0, 65535) + "/#token=" + jwt : jwt;
    } finally {
      vertx.close();
    }
  }

  static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
