/**
 * The plugin test kit: {@link dev.eventhub.testkit.PluginTestHub} starts a real hub in the test's JVM
 * with the plugin under test found on the test classpath, exactly as the hub finds a plugin in
 * production ({@code ServiceLoader}), and talks to it over real HTTP and WebSocket connections on a
 * loopback port.
 *
 * <pre>{@code
 * try (PluginTestHub hub = PluginTestHub.builder(dir).setting("plugins.heartbeat.intervalMs", 100).start()) {
 *   try (Subscription beats = hub.subscribe("heartbeat")) {
 *     assertThat(beats.next().getString("event")).isEqualTo("beat");
 *   }
 * }
 * }</pre>
 */
package dev.eventhub.testkit;
