package dev.weblog.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes a folder the way the kubelet mounts a Secret: the files live in a timestamped folder, {@code ..data}
 * links to it, and each key is a link through {@code ..data}; so tests read credentials exactly as pods do.
 */
public final class SecretVolume {

  private SecretVolume() {}

  /** Creates {@code dir} holding one file per key; returns {@code dir}. */
  public static Path write(Path dir, Map<String, String> keys) {
    try {
      Files.createDirectories(dir);
      Path version = dir.resolve("..2026_01_05_00_00_00.000000001");
      Files.createDirectories(version);
      for (Map.Entry<String, String> e : keys.entrySet()) {
        Files.writeString(version.resolve(e.getKey()), e.getValue());
      }
      Files.createSymbolicLink(dir.resolve("..data"), version.getFileName());
      for (String key : keys.keySet()) {
        Files.createSymbolicLink(dir.resolve(key), Path.of("..data", key));
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write a secret volume in " + dir + ": " + e.getMessage(), e);
    }
  }
}
