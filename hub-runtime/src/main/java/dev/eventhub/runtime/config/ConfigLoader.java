package dev.eventhub.runtime.config;

import dev.eventhub.api.JsonErrors;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds the {@link HubConfig}: built-in defaults, then the file, then the environment.
 *
 * <p>An environment variable {@code HUB_A_B_C} sets the setting at path {@code a.b.c}. Matching is
 * done against the keys present (defaults and file) with camelCase and hyphens folded, so {@code
 * HUB_HTTP_MAX_BODY_SIZE} sets {@code http.maxBodySize} and {@code HUB_PLUGINS_WEBSOCKET_MAX_CONNECTIONS}
 * sets {@code plugins.websocket.maxConnections}. Where no key matches, the rest of the name becomes
 * one camelCase key (under {@code plugins}, the first word names a plugin's section). The value is read as the type of the value it replaces (a number, a boolean, a
 * JSON array or a comma-separated list for arrays); for a new key, as JSON if it parses, else as a
 * string.
 */
public final class ConfigLoader {
  /** The prefix of the environment variables that override settings. */
  public static final String ENV_PREFIX = "HUB_";
  /** Variables of bin/hub and of the log, not settings: HUB_LOG_LEVEL would otherwise set 'log.level' (issue 23). */
  static final java.util.Set<String> NOT_SETTINGS = java.util.Set.of("HUB_CONFIG", "HUB_JAVA_OPTS", "HUB_LOG_LEVEL",
      "HUB_LOG_FORMAT");
  private static final String DEFAULTS = "/dev/eventhub/runtime/config/hub-defaults.json";

  private ConfigLoader() {}

  /** The built-in defaults, the same as the distribution's {@code conf/hub.json}. */
  public static JsonObject defaults() {
    try (InputStream in = ConfigLoader.class.getResourceAsStream(DEFAULTS)) {
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Loads the configuration.
   *
   * @param file the settings file; may be absent, then the defaults stand
   * @param env the environment, usually {@link System#getenv()}
   * @param home the directory relative paths resolve against
   * @throws ConfigException when the file is not a JSON object or an override does not fit
   */
  public static HubConfig load(Path file, Map<String, String> env, Path home) {
    return new Source(file, Map.copyOf(env)).load(home);
  }

  /** Where settings come from: a file (may be absent) and the environment; read again on a plugin's reload. */
  record Source(Path file, Map<String, String> env) {
    HubConfig load(Path home) {
      JsonObject merged = defaults();
      if (file != null && Files.exists(file)) {
        deepMerge(merged, readFile(file));
      }
      applyEnvironment(merged, env);
      return new HubConfig(merged, home, this);
    }
  }

  static JsonObject readFile(Path file) {
    try {
      Object parsed = Json.decodeValue(Files.readString(file));
      if (!(parsed instanceof JsonObject object)) {
        throw new ConfigException(file + " must hold a JSON object");
      }
      return object;
    } catch (DecodeException e) {
      // Without the parser's own text: it quotes the file (secrets and all) over several lines.
      throw new ConfigException(file + " is not valid JSON: " + JsonErrors.describe(e), e);
    } catch (IOException e) {
      throw new ConfigException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  static void deepMerge(JsonObject target, JsonObject source) {
    for (Map.Entry<String, Object> entry : source) {
      Object existing = target.getValue(entry.getKey());
      if (existing instanceof JsonObject t && entry.getValue() instanceof JsonObject s) {
        deepMerge(t, s);
      } else {
        target.put(entry.getKey(), entry.getValue());
      }
    }
  }

  static void applyEnvironment(JsonObject config, Map<String, String> env) {
    // Sorted so that the outcome does not depend on the map's iteration order.
    for (Map.Entry<String, String> entry : new TreeMap<>(env).entrySet()) {
      String name = entry.getKey();
      if (name.startsWith(ENV_PREFIX) && name.length() > ENV_PREFIX.length() && !NOT_SETTINGS.contains(name)) {
        String[] tokens = name.substring(ENV_PREFIX.length()).split("_");
        apply(config, tokens, 0, entry.getValue(), name, config.getJsonObject("plugins"));
      }
    }
  }

  private static void apply(JsonObject node, String[] tokens, int from, String raw, String variable, JsonObject plugins) {
    // The longest run of tokens that names an existing key wins: MAX_BODY_SIZE before MAX.
    for (int end = tokens.length; end > from; end--) {
      String folded = String.join("", Arrays.copyOfRange(tokens, from, end));
      String key = findKey(node, folded);
      if (key == null) {
        continue;
      }
      Object existing = node.getValue(key);
      if (end == tokens.length) {
        // A key whose default is null (a secret, an issuer) takes the text as it is.
        node.put(key, existing == null ? raw : convert(existing, raw, variable));
        return;
      }
      if (existing instanceof JsonObject child) {
        apply(child, tokens, end, raw, variable, plugins);
        return;
      }
    }
    if (plugins != null && node.getMap() == plugins.getMap() && tokens.length - from > 1) {
      // A plugin the defaults do not list: the first word names its section (HUB_PLUGINS_FOO_SOME_FLAG).
      JsonObject section = new JsonObject();
      node.put(tokens[from].toLowerCase(Locale.ROOT), section);
      apply(section, tokens, from + 1, raw, variable, null);
      return;
    }
    String newKey = camelCase(Arrays.copyOfRange(tokens, from, tokens.length));
    node.put(newKey, convert(null, raw, variable));
  }

  private static String findKey(JsonObject node, String folded) {
    for (String key : node.fieldNames()) {
      if (fold(key).equals(folded.toUpperCase(Locale.ROOT))) {
        return key;
      }
    }
    return null;
  }

  private static String fold(String key) {
    return key.replace("-", "").replace("_", "").toUpperCase(Locale.ROOT);
  }

  private static String camelCase(String[] tokens) {
    StringBuilder out = new StringBuilder(tokens[0].toLowerCase(Locale.ROOT));
    for (int i = 1; i < tokens.length; i++) {
      String t = tokens[i].toLowerCase(Locale.ROOT);
      if (!t.isEmpty()) {
        out.append(Character.toUpperCase(t.charAt(0))).append(t.substring(1));
      }
    }
    return out.toString();
  }

  private static Object convert(Object existing, String raw, String variable) {
    try {
      if (existing instanceof Boolean) {
        if (!raw.equalsIgnoreCase("true") && !raw.equalsIgnoreCase("false")) {
          throw new ConfigException(variable + " must be true or false, got '" + raw + "'");
        }
        return Boolean.parseBoolean(raw);
      }
      if (existing instanceof Integer || existing instanceof Long) {
        return Long.parseLong(raw.trim());
      }
      if (existing instanceof Number) {
        return Double.parseDouble(raw.trim());
      }
      if (existing instanceof JsonArray) {
        return raw.trim().startsWith("[") ? new JsonArray(raw) : new JsonArray(Arrays.asList(raw.split("\\s*,\\s*")));
      }
      if (existing instanceof JsonObject) {
        return new JsonObject(raw);
      }
      if (existing instanceof String) {
        return raw;
      }
      return parseLoosely(raw);
    } catch (NumberFormatException | DecodeException e) {
      throw new ConfigException(variable + " must be " + describe(existing) + ", got '" + raw + "'");
    }
  }

  private static Object parseLoosely(String raw) {
    try {
      Object value = Json.decodeValue(raw);
      return value == null ? raw : value;
    } catch (DecodeException e) {
      return raw;
    }
  }

  private static String describe(Object existing) {
    if (existing instanceof JsonArray) {
      return "a JSON array or a comma-separated list";
    }
    if (existing instanceof JsonObject) {
      return "a JSON object";
    }
    return "a number";
  }
}
