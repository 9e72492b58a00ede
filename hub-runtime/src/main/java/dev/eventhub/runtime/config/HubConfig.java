package dev.eventhub.runtime.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The hub's settings: {@code conf/hub.json} over the built-in defaults, with {@code HUB_*}
 * environment overrides on top (see {@link ConfigLoader}). Settings are addressed by dotted paths
 * ({@code http.port}); typed accessors fail with a {@link ConfigException} that names the path.
 */
public final class HubConfig {
  private final JsonObject json;
  private final Path home;
  // Where the settings were read from, to read plugins' sections again on reload; null when built in code.
  private final ConfigLoader.Source source;

  /**
   * @param json the merged settings
   * @param home the directory that relative paths (data dir, plugin dir) resolve against
   */
  public HubConfig(JsonObject json, Path home) {
    this(json, home, null);
  }

  HubConfig(JsonObject json, Path home, ConfigLoader.Source source) {
    this.json = json.copy();
    this.home = home.toAbsolutePath().normalize();
    this.source = source;
  }

  /**
   * The section {@code plugins.<name>} as the settings file and the environment give it now: read
   * again from the file these settings came from ({@link ConfigLoader#load}), with the same {@code
   * HUB_*} overrides; these settings' own section when they were not read from a file. Blocking (it
   * reads the file): call it on a worker thread.
   *
   * @throws ConfigException when the file cannot be read or is not a JSON object
   */
  public JsonObject rereadPluginConfig(String name) {
    return source == null ? pluginConfig(name) : source.load(home).pluginConfig(name);
  }

  /** The built-in defaults alone, with {@code home} for relative paths. */
  public static HubConfig defaults(Path home) {
    return new HubConfig(ConfigLoader.defaults(), home);
  }

  /** A copy of the merged settings. */
  public JsonObject json() {
    return json.copy();
  }

  /** The installation directory. */
  public Path home() {
    return home;
  }

  /** A copy of this configuration with one setting changed, e.g. {@code with("http.port", 0)}. */
  public HubConfig with(String path, Object value) {
    JsonObject copy = json.copy();
    String[] parts = path.split("\\.");
    JsonObject node = copy;
    for (int i = 0; i < parts.length - 1; i++) {
      JsonObject child = node.getJsonObject(parts[i]);
      if (child == null) {
        child = new JsonObject();
        node.put(parts[i], child);
      }
      node = child;
    }
    node.put(parts[parts.length - 1], value);
    return new HubConfig(copy, home, source);
  }

  /** The raw value at {@code path}, or null. */
  public Object value(String path) {
    Object node = json;
    for (String part : path.split("\\.")) {
      if (!(node instanceof JsonObject object)) {
        return null;
      }
      node = object.getValue(part);
    }
    return node;
  }

  public String string(String path) {
    Object value = value(path);
    if (value != null && !(value instanceof String)) {
      throw new ConfigException("setting '" + path + "' must be a string, got " + value);
    }
    return (String) value;
  }

  public int integer(String path, int min, int max) {
    long value = number(path);
    if (value < min || value > max) {
      throw new ConfigException("setting '" + path + "' must be " + min + " to " + max + ", got " + value);
    }
    return (int) value;
  }

  public long number(String path) {
    Object value = value(path);
    if (!(value instanceof Number n)) {
      throw new ConfigException("setting '" + path + "' must be a number, got " + value);
    }
    return n.longValue();
  }

  public boolean bool(String path) {
    Object value = value(path);
    if (!(value instanceof Boolean b)) {
      throw new ConfigException("setting '" + path + "' must be true or false, got " + value);
    }
    return b;
  }

  public Duration duration(String path) {
    return Durations.parse(path, value(path));
  }

  public List<String> strings(String path) {
    Object value = value(path);
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof JsonArray array)) {
      throw new ConfigException("setting '" + path + "' must be an array of strings, got " + value);
    }
    List<String> out = new ArrayList<>();
    for (Object item : array) {
      if (!(item instanceof String s)) {
        throw new ConfigException("setting '" + path + "' must hold only strings, got " + item);
      }
      out.add(s);
    }
    return List.copyOf(out);
  }

  /** A directory setting, resolved against {@link #home()} when relative. */
  public Path directory(String path) {
    String value = string(path);
    if (value == null || value.isBlank()) {
      throw new ConfigException("setting '" + path + "' must name a directory");
    }
    return home.resolve(value).toAbsolutePath().normalize();
  }

  /** The section {@code plugins.<name>}, or an empty object. */
  public JsonObject pluginConfig(String name) {
    Object value = value("plugins");
    if (value instanceof JsonObject plugins && plugins.getValue(name) instanceof JsonObject section) {
      return section.copy();
    }
    return new JsonObject();
  }
}
