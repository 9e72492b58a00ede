/**
 * The plugin SPI: what a source or sink plugin implements and what the runtime hands it.
 *
 * <p>A plugin is a descriptor and a worker, as a Kafka Connect connector and its task are. The
 * descriptor ({@link dev.eventhub.api.spi.SourcePlugin} or {@link dev.eventhub.api.spi.SinkPlugin})
 * is found by {@link java.util.ServiceLoader}, is cheap to create and has no side effects: it names
 * the plugin, declares the categories it publishes, checks its configuration and creates its worker.
 * The worker is a Vert.x {@link io.vertx.core.Deployable} (usually a {@link io.vertx.core.VerticleBase})
 * that the runtime deploys under the plugin's own class loader, with a {@link
 * dev.eventhub.api.spi.PluginContext} holding everything the hub offers it.
 *
 * <p>A plugin may also offer tools to AI agents ({@link dev.eventhub.api.spi.AgentTool}, registered through
 * {@link dev.eventhub.api.spi.PluginContext#agentTools()}); a sink that speaks to agents, such as the MCP
 * sink, serves them without the plugin depending on it.
 *
 * <pre>{@code
 * @AutoService(SourcePlugin.class)
 * public final class HeartbeatPlugin implements SourcePlugin {
 *   public String name() { return "heartbeat"; }
 *   public List<CategoryDescriptor> categories() {
 *     return List.of(CategoryDescriptor.of("heartbeat", "A beat every few seconds",
 *         EventTypeDescriptor.of("beat", "The hub is alive")));
 *   }
 *   public Deployable createVerticle(PluginContext context) {
 *     return new VerticleBase() {
 *       public Future<?> start() {
 *         vertx.setPeriodic(5000, id -> context.publisher()
 *             .publish(EventDraft.of("heartbeat", "beat", null, null)));
 *         return Future.succeededFuture();
 *       }
 *     };
 *   }
 * }
 * }</pre>
 */
package dev.eventhub.api.spi;
