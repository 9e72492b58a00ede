package dev.eventhub.runtime.auth;

import dev.eventhub.runtime.config.ConfigException;
import dev.eventhub.runtime.config.HubConfig;
import dev.eventhub.runtime.config.PrivateFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HS256 secret: the configured one, or one generated into the data directory on first start,
 * written atomically with mode 0600; at every start the file must not be readable by other users.
 */
final class SecretFile {
  /** The file in the data directory holding the generated secret. */
  static final String NAME = "token-secret";
  private static final Logger LOG = LoggerFactory.getLogger(SecretFile.class);

  private SecretFile() {}

  /**
   * The configured secret, or the generated one (created on first use when {@code generate}, else a {@link
   * ConfigException} naming where it looked). Blocking.
   */
  static String secret(HubConfig config, boolean generate) {
    String configured = config.string("auth.jwt.secret");
    if (configured != null && !configured.isEmpty()) {
      if (configured.getBytes(StandardCharsets.UTF_8).length < 32) {
        throw new ConfigException("setting 'auth.jwt.secret' must be at least 32 bytes for HS256");
      }
      return configured;
    }
    Path file = config.directory("data.dir").resolve(NAME);
    try {
      if (Files.exists(file)) {
        PrivateFiles.requireOwnerOnly(file, "the token secret");
        String secret = Files.readString(file, StandardCharsets.UTF_8).trim();
        if (secret.getBytes(StandardCharsets.UTF_8).length < 32) {
          throw new ConfigException("the token secret " + file + " holds fewer than 32 bytes: delete it to "
              + "have a new one generated (tokens signed with the old one stop working)");
        }
        return secret;
      }
      if (!generate) {
        throw new ConfigException("no token secret: 'auth.jwt.secret' is not set and " + file + " does not exist. "
            + "Start the hub once (it generates the secret there), set auth.jwt.secret (or HUB_AUTH_JWT_SECRET), "
            + "or give the hub's settings with --config FILE");
      }
      PrivateFiles.createDirectory(file.getParent());
      byte[] random = new byte[32];
      new SecureRandom().nextBytes(random);
      String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
      PrivateFiles.writeAtomically(file, secret + "\n");
      LOG.info("no token secret configured: generated one into " + file
          + " (make a token with: bin/hub token --scope \"subscribe:* publish:*\")");
      return secret;
    } catch (IOException e) {
      throw new ConfigException("cannot read or create the token secret " + file + ": " + e.getMessage(), e);
    }
  }
}
