package dev.eventhub.runtime.testing;

import dev.eventhub.runtime.config.HubConfig;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JUnit base for a plugin module's tests: a real hub ({@link TestHub}, with the plugins on the test
 * classpath) in a temp dir, a token and an {@link EventRecorder}; the hub is stopped after each test.
 * Subclasses choose the token, what is recorded and configuration of their own by overriding {@link
 * #token(TestHub)}, {@link #recorder(TestHub)} and {@link #configure(HubConfig)}.
 */
public abstract class PluginTestBase {
  @TempDir protected Path dir;
  protected TestHub hub;
  protected EventRecorder events;
  protected String token;
  private UnaryOperator<HubConfig> customize = c -> c;

  /** Configuration every start applies before a test's own; none by default. */
  protected HubConfig configure(HubConfig config) {
    return config;
  }

  /** The token tests use; one with every scope by default. */
  protected String token(TestHub hub) {
    return hub.adminToken();
  }

  /** What {@link #events} records; every event by default. */
  protected EventRecorder recorder(TestHub hub) {
    return EventRecorder.all(hub);
  }

  /** Starts a hub on {@link #dir}, {@code customize} applied to its configuration (and kept for {@link #restart()}). */
  protected void start(UnaryOperator<HubConfig> customize) {
    this.customize = customize;
    hub = TestHub.start(dir, c -> customize.apply(configure(c)));
    token = token(hub);
    events = recorder(hub);
  }

  protected void start() {
    start(c -> c);
  }

  /** Stops the hub (if running); {@link #start} starts another on the same folder. */
  protected void stopHub() {
    if (hub != null) {
      events.close();
      hub.close();
      hub = null;
    }
  }

  /** Stops the hub and starts another on the same folder and configuration. */
  protected void restart() {
    stopHub();
    start(customize);
  }

  @AfterEach
  protected void stopHubAfterTest() {
    stopHub();
  }
}
