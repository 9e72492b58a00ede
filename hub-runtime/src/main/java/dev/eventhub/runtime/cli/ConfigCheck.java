package dev.eventhub.runtime.cli;

import dev.eventhub.api.spi.HubPlugin;
import dev.eventhub.api.spi.SinkPlugin;
import dev.eventhub.api.spi.SourcePlugin;
import dev.eventhub.runtime.auth.TokenService;
import dev.eventhub.runtime.cluster.ClusterSettings;
import dev.eventhub.runtime.config.ConfigLoader;
import dev.eventhub.runtime.config.Durations;
import dev.eventhub.runtime.config.HubConfig;
import dev.eventhub.runtime.config.Outbound;
import dev.eventhub.runtime.log.LogOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What {@code hub config check} finds wrong in a configuration, every problem at once (the hub itself stops at
 * the first), and the masked copy {@code hub config} prints.
 */
final class ConfigCheck {
  /** Sections whose keys are the user's own (Kafka client properties), not the hub's settings. */
  private static final Set<String> FREE_FORM = Set.of("cluster.kafka.properties");
  /** Setting names whose values are secrets. */
  private static final List<String> SECRET_MARKERS = List.of("secret", "password", "passwd", "token", "jaas",
      "credential", "apikey", "api_key", "privatekey");

  /** What a secret shows as. */
  static final String MASK = "***";
  // scheme://userinfo@ : the credentials of a URL such as a JWKS or Kafka address.
  private static final java.util.regex.Pattern USERINFO =
      java.util.regex.Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*://)[^/?#@]*@");

  private ConfigCheck() {}

  /** Every problem of {@code config}, one message each naming the setting; empty when the hub would take it. */
  static List<String> problems(HubConfig config) {
    Set<String> problems = new LinkedHashSet<>();
    shape(ConfigLoader.defaults(), config.json(), "", problems);
    List<Consumer<HubConfig>> checks = List.of(
        c -> c.integer("http.port", 0, 65535),
        c -> c.integer("http.serverInstances", 0, 1024),
        c -> c.integer("http.maxConnections", 1, 1_000_000),
        c -> c.number("http.maxBodySize"),
        c -> c.duration("http.idleTimeout"),
        c -> c.directory("data.dir"),
        c -> c.directory("loader.dir"),
        LogOptions::from,
        TokenService::checkSettings,
        Outbound::settings,
        c -> c.integer("publish.maxBatchSize", 1, 100_000),
        c -> c.duration("shutdown.timeout"),
        c -> c.duration("runtime.blockedThreadWarning"),
        c -> {
          if (ClusterSettings.clustered(c)) {
            ClusterSettings.from(c);
          }
        });
    for (Consumer<HubConfig> check : checks) {
      run(() -> check.accept(config), problems);
    }
    for (HubPlugin plugin : bundledPlugins()) {
      run(() -> plugin.validate(config.pluginConfig(plugin.name())), problems);
    }
    return List.copyOf(problems);
  }

  private static void run(Runnable check, Set<String> problems) {
    try {
      check.run();
    } catch (RuntimeException e) {
      problems.add(e.getMessage());
    }
  }

  private static List<HubPlugin> bundledPlugins() {
    List<HubPlugin> plugins = new ArrayList<>();
    ServiceLoader.load(SourcePlugin.class).forEach(plugins::add);
    ServiceLoader.load(SinkPlugin.class).forEach(plugins::add);
    return plugins;
  }

  // Every key the hub does not know (a typo reads as the default, silently), and every value of another type
  // than the default's. Plugin sections the defaults do not name belong to plugin jars: left to them.
  private static void shape(JsonObject defaults, JsonObject actual, String prefix, Set<String> problems) {
    for (Map.Entry<String, Object> entry : actual) {
      String path = prefix + entry.getKey();
      if (!defaults.containsKey(entry.getKey())) {
        if (!"plugins.".equals(prefix)) {
          problems.add("setting '" + path + "' is not a setting of the hub (a typo? it would be ignored)");
        }
        continue;
      }
      Object expected = defaults.getValue(entry.getKey());
      Object value = entry.getValue();
      if (FREE_FORM.contains(path) || expected == null || value == null) {
        continue;
      }
      if (expected instanceof JsonObject e && value instanceof JsonObject v) {
        shape(e, v, path + ".", problems);
      } else if (!sameType(path, expected, value)) {
        problems.add("setting '" + path + "' must be " + describe(expected) + ", got " + value);
      }
    }
  }

  private static boolean sameType(String path, Object expected, Object value) {
    if (expected instanceof String s && isDuration(s)) {
      try {
        Durations.parse(path, value);
        return true;
      } catch (RuntimeException e) {
        return false;
      }
    }
    return expected instanceof Number ? value instanceof Number
        : expected instanceof Boolean ? value instanceof Boolean
        : expected instanceof JsonArray ? value instanceof JsonArray
        : expected instanceof JsonObject ? value instanceof JsonObject
        : value instanceof String;
  }

  private static boolean isDuration(String s) {
    return s.matches("\\d+(ms|s|m|h|d)");
  }

  private static String describe(Object expected) {
    if (expected instanceof String s && isDuration(s)) {
      return "a duration such as \"30s\", \"5m\" or \"2h\"";
    }
    return expected instanceof Number ? "a number" : expected instanceof Boolean ? "true or false"
        : expected instanceof JsonArray ? "an array" : expected instanceof JsonObject ? "an object" : "a string";
  }

  /** A copy of {@code json} with every secret value shown as {@value #MASK}, and URL credentials masked. */
  static JsonObject masked(JsonObject json) {
    JsonObject out = new JsonObject();
    for (Map.Entry<String, Object> entry : json) {
      out.put(entry.getKey(), mask(entry.getKey(), entry.getValue()));
    }
    return out;
  }

  // Header values are as likely credentials as not: all of them.
  private static JsonObject maskAll(JsonObject headers) {
    JsonObject out = new JsonObject();
    headers.fieldNames().forEach(h -> out.put(h, MASK));
    return out;
  }

  private static Object mask(String name, Object value) {
    if (value instanceof JsonObject object) {
      return "headers".equals(name) ? maskAll(object) : masked(object);
    }
    if (value instanceof JsonArray array) {
      JsonArray out = new JsonArray();
      array.forEach(item -> out.add(mask(name, item)));
      return out;
    }
    String lower = name.toLowerCase(Locale.ROOT).replace("-", "").replace(".", "");
    if (value instanceof String s && !s.isEmpty()) {
      if (SECRET_MARKERS.stream().anyMatch(lower::contains)) {
        return MASK;
      }
      return USERINFO.matcher(s).replaceFirst("$1" + MASK + "@");
    }
    return value;
  }
}
