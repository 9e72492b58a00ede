package dev.eventhub.api.spi;

import io.vertx.core.Deployable;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * What every plugin describes about itself; implement {@link SourcePlugin} or {@link SinkPlugin},
 * not this.
 *
 * <p>The runtime finds implementations with {@link java.util.ServiceLoader}, so an implementation
 * needs a public no-argument constructor and a services entry (write {@code
 * @AutoService(SourcePlugin.class)}). Creating the descriptor and calling its methods must be cheap
 * and free of side effects: the runtime may do it to list a plugin it then does not start. The
 * methods are called on the runtime's thread, once each, in this order: {@link #name()}, {@link
 * #version()}, {@link #categories()}, {@link #placement()}, {@link #validate(JsonObject)}, {@link
 * #createVerticle(PluginContext)} (the last two again at each start); {@link #openApi()} and {@link
 * #asyncApi()} whenever a client asks for the hub's API documents.
 */
public interface HubPlugin {
  /**
   * The plugin's unique name, {@code [a-z0-9-]+}: it names the plugin's configuration section
   * ({@code plugins.<name>} in {@code conf/hub.json}), its storage namespace and its entry in
   * {@code /api/plugins}. Two plugins of one name: the second is reported and not started.
   */
  String name();

  /**
   * The plugin's version, shown in the startup log and {@code /api/plugins}. By default the
   * {@code Implementation-Version} of the plugin jar's manifest, else {@code "unknown"}.
   */
  default String version() {
    String version = getClass().getPackage().getImplementationVersion();
    return version == null ? "unknown" : version;
  }

  /** A one-line description for operators; empty by default. */
  default String description() {
    return "";
  }

  /**
   * Where the plugin's worker runs when the hub is a cluster: on the leader only ({@link
   * ClusterPlacement#ONE_NODE}, the default of {@link SourcePlugin}) or on every node ({@link
   * ClusterPlacement#EVERY_NODE}, the default of {@link SinkPlugin}). A single hub (not clustered)
   * ignores it and runs every plugin. Override it when the default does not fit: a source that only
   * serves what its own node holds, a sink that must act once cluster-wide (e.g. one that forwards
   * events to an outside system).
   */
  default ClusterPlacement placement() {
    // Running everywhere is what a hub did before placement existed; the two plugin kinds refine it.
    return ClusterPlacement.EVERY_NODE;
  }

  /** The categories this plugin publishes, with their event types; empty for most sinks. */
  List<CategoryDescriptor> categories();

  /**
   * Checks the plugin's configuration section before anything is started. The default accepts
   * everything, because many plugins have no settings.
   *
   * @param config the plugin's section of {@code conf/hub.json}, after environment overrides; never
   *     null
   * @throws IllegalArgumentException (or a {@link dev.eventhub.api.HubException}) naming the setting
   *     that is wrong; the plugin is then reported as failed and not started
   */
  default void validate(JsonObject config) {
    // Nothing to check unless the plugin says otherwise.
  }

  /**
   * This plugin's part of the hub's OpenAPI 3.1 document, served at {@code GET /api/openapi.json}: a
   * JSON object with {@code paths}, an entry for every route the plugin mounts (full paths, e.g. {@code
   * /api/dlq/entries/{id}}), and optionally {@code components} ({@code schemas}, {@code parameters},
   * {@code responses}, ...). The runtime merges it into the core's part, whose components a part may
   * refer to: {@code #/components/schemas/Error} (the error body), {@code #/components/schemas/Event}
   * (the event), {@code #/components/responses/Unauthorized}, {@code Forbidden}, {@code BadRequest},
   * {@code NotFound}, {@code Unavailable}. Name your own components after the plugin ({@code
   * DlqEntry}): a path or component another part already holds is left out of the document, and the
   * hub logs it. Give every operation an {@code operationId} that starts with the plugin's name.
   *
   * <p>Document every route family you mount: a route the document does not show is one no client
   * author can find, and the bundled plugins' tests fail for such a route.
   *
   * <p>By default the resource {@code openapi.json} in the package of the plugin's class (for {@code
   * com.example.MyPlugin}, {@code com/example/openapi.json} in the jar), or null when there is none: a
   * plugin that mounts no route needs none. Called on a worker thread (it may read the jar), at every
   * request for the document; it must be cheap and free of side effects.
   *
   * @return the part, or null when the plugin mounts no HTTP route
   * @throws IllegalStateException when the resource is not JSON; the document is then served without
   *     this part, and the hub logs why
   */
  default JsonObject openApi() {
    return ApiDocumentParts.read(getClass(), "openapi.json");
  }

  /**
   * This plugin's part of the hub's AsyncAPI 3.0 document, served at {@code GET /api/asyncapi.json}:
   * for a sink that streams to clients, a JSON object with {@code channels}, {@code operations} and
   * {@code components} ({@code messages}, {@code schemas}) as AsyncAPI 3.0 writes them, merged as
   * {@link #openApi()} parts are. It may refer to the core's {@code #/components/schemas/Event}.
   *
   * <p>By default the resource {@code asyncapi.json} in the package of the plugin's class, or null.
   * Called on a worker thread.
   *
   * @return the part, or null when the plugin streams nothing to clients
   * @throws IllegalStateException when the resource is not JSON
   */
  default JsonObject asyncApi() {
    return ApiDocumentParts.read(getClass(), "asyncapi.json");
  }

  /**
   * Creates the plugin's worker, which the runtime deploys under the plugin's class loader. Called
   * once per start (again after a stop and start over the admin API); the worker's {@code start}
   * future decides whether the plugin runs: a failure, or no completion within the runtime's start
   * timeout, marks the plugin failed and the hub carries on. Undeploying must release everything the
   * worker holds (timers, consumers, clients); the runtime removes the plugin's routes itself.
   *
   * @param context what the hub offers this plugin; keep it, it is valid until the worker stops
   */
  Deployable createVerticle(PluginContext context);
}
