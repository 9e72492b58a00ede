package dev.eventhub.runtime.cluster.kafka.impl;

import dev.eventhub.runtime.config.PrivateFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;

/** This node's id: {@code cluster.nodeId}, or one generated once and kept in the data directory. Blocks. */
public final class NodeIdentity {
  static final String FILE = "cluster-node-id";

  private NodeIdentity() {}

  public static String resolve(String configured, Path dataDir) throws IOException {
    if (configured != null) {
      return configured;
    }
    Path file = dataDir.resolve(FILE);
    if (Files.exists(file)) {
      String stored = Files.readString(file, StandardCharsets.UTF_8).trim();
      if (stored.matches("[a-zA-Z0-9._-]{1,64}")) {
        return stored;
      }
    }
    byte[] random = new byte[6];
    new SecureRandom().nextBytes(random);
    String id = "node-" + HexFormat.of().formatHex(random);
    PrivateFiles.createDirectory(dataDir);
    PrivateFiles.writeAtomically(file, id + "\n");
    return id;
  }
}
