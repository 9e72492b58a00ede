package dev.eventhub.api.spi;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Reads a plugin's part of the hub's API documents from its jar: the default of {@link
 * HubPlugin#openApi()} and {@link HubPlugin#asyncApi()}. Not for plugins to call.
 */
final class ApiDocumentParts {
  private ApiDocumentParts() {}

  /**
   * The JSON object in the resource {@code name} of the package of {@code pluginClass} (so two plugins'
   * parts never shadow each other, whatever their class loaders), or null when there is none.
   *
   * @throws IllegalStateException when the resource is not a JSON object
   */
  static JsonObject read(Class<?> pluginClass, String name) {
    try (InputStream in = pluginClass.getResourceAsStream(name)) {
      if (in == null) {
        return null;
      }
      return new JsonObject(Buffer.buffer(in.readAllBytes()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + name + " of " + pluginClass.getName(), e);
    } catch (DecodeException | ClassCastException e) {
      throw new IllegalStateException(name + " of " + pluginClass.getName() + " is not a JSON object: "
          + e.getMessage(), e);
    }
  }
}
