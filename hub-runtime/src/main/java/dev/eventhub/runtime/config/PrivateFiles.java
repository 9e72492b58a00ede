package dev.eventhub.runtime.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * Files and directories only the hub's own user may read: the data directory (0700), the token secret
 * and the event log (0600). Blocking: call off the event loop. On file systems without POSIX
 * permissions (Windows) the directory's own access control applies and these are no-ops.
 */
public final class PrivateFiles {
  private static final Set<PosixFilePermission> GROUP_OR_OTHER = EnumSet.of(
      PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
      PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

  private PrivateFiles() {}

  /** Creates {@code dir} (and missing parents) with mode 0700 for the directory itself when it is new. */
  public static Path createDirectory(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return dir;
    }
    if (dir.getParent() != null) {
      Files.createDirectories(dir.getParent());
    }
    try {
      Files.createDirectory(dir, attribute("rwx------"));
    } catch (UnsupportedOperationException e) {
      Files.createDirectory(dir);
    } catch (FileAlreadyExistsException e) {
      // Created meanwhile by another part of the hub: fine.
    }
    return dir;
  }

  /** Creates {@code file} empty with mode 0600 unless it exists. */
  public static void createFile(Path file) throws IOException {
    try {
      Files.createFile(file, attribute("rw-------"));
    } catch (FileAlreadyExistsException e) {
      // Kept as it is: an existing store keeps its owner's choice.
    } catch (UnsupportedOperationException e) {
      if (!Files.exists(file)) {
        Files.createFile(file);
      }
    }
  }

  /**
   * Writes {@code text} to {@code file} atomically: into a 0600 temporary file beside it, then moved over
   * it, so that a crash leaves the old content or the new, never a half-written or world-readable file.
   */
  public static void writeAtomically(Path file, String text) throws IOException {
    Path temp;
    try {
      temp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp", attribute("rw-------"));
    } catch (UnsupportedOperationException e) {
      temp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp");
    }
    try {
      Files.writeString(temp, text, StandardCharsets.UTF_8);
      try {
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /**
   * Throws a {@link ConfigException} naming {@code file} when its group or others may read or write it:
   * a secret others can read is no longer a secret.
   */
  public static void requireOwnerOnly(Path file, String what) throws IOException {
    Set<PosixFilePermission> permissions;
    try {
      permissions = Files.getPosixFilePermissions(file);
    } catch (UnsupportedOperationException e) {
      return;
    }
    Set<PosixFilePermission> loose = EnumSet.noneOf(PosixFilePermission.class);
    loose.addAll(permissions);
    loose.retainAll(GROUP_OR_OTHER);
    if (!loose.isEmpty()) {
      throw new ConfigException(what + " " + file + " is accessible to other users (mode "
          + PosixFilePermissions.toString(permissions) + "): make it readable by the hub's user only, "
          + "e.g. chmod 600 " + file);
    }
  }

  private static FileAttribute<Set<PosixFilePermission>> attribute(String mode) {
    return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode));
  }
}
