package dev.eventhub.runtime.cli;

import dev.eventhub.runtime.Hub;
import io.vertx.core.Vertx;
import picocli.CommandLine.IVersionProvider;

/** {@code hub --version} and {@code hub version}: the hub's, Java's and Vert.x's versions. */
public final class HubVersion implements IVersionProvider {
  /** The hub's version from its jar's manifest, or {@code development} when run from classes. */
  public static String hub() {
    String version = Hub.class.getPackage().getImplementationVersion();
    return version == null ? "development" : version;
  }

  @Override
  public String[] getVersion() {
    String vertx = Vertx.class.getPackage().getImplementationVersion();
    return new String[] {"hub " + hub(),
        "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + "), Vert.x "
            + (vertx == null ? "unknown" : vertx)};
  }
}
