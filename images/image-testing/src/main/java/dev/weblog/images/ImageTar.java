package dev.weblog.images;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * A docker-save image tar (what {@code jib:buildTar} writes) read without a container engine: its config and the
 * file system its layers add up to. Enough of the tar format for Jib and Debian layers; whiteouts remove files.
 */
public final class ImageTar {

  /** A regular file of the image's file system; content is null unless its path was asked for. */
  public record Entry(String path, int mode, long uid, byte[] content) {

    public String text() {
      if (content == null) {
        throw new IllegalStateException(path + " was read without its content (see ImageTar.read's filter)");
      }
      return new String(content, StandardCharsets.UTF_8);
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  /** Marks a regular file whose content was not asked for. */
  private static final byte[] NOT_KEPT = new byte[0];

  private final Path tar;
  private final JsonNode config;
  private final List<String> layers;
  private final Map<String, Entry> files;

  private ImageTar(Path tar, JsonNode config, List<String> layers, Map<String, Entry> files) {
    this.tar = tar;
    this.config = config;
    this.layers = layers;
    this.files = files;
  }

  /** Reads the tar, keeping in memory the contents of the files under the given folders only (base layers are big). */
  public static ImageTar read(Path tar, String... keepContentUnder) {
    if (!Files.isRegularFile(tar)) {
      throw new IllegalArgumentException("image tar " + tar + " does not exist: build it with `mvn -Pimages package`");
    }
    try {
      Map<String, byte[]> outer = new LinkedHashMap<>();
      try (InputStream in = new BufferedInputStream(Files.newInputStream(tar))) {
        readTar(in, (name, mode, uid, content) -> outer.put(name, content));
      }
      byte[] manifestBytes = require(outer, "manifest.json", tar);
      JsonNode manifest = JSON.readTree(manifestBytes).get(0);
      JsonNode config = JSON.readTree(require(outer, manifest.get("Config").asText(), tar));
      List<String> layers = new ArrayList<>();
      Map<String, Entry> files = new LinkedHashMap<>();
      for (JsonNode layer : manifest.get("Layers")) {
        String name = layer.asText();
        layers.add(name);
        try (InputStream in = decompress(require(outer, name, tar))) {
          readTar(in, (path, mode, uid, content) -> apply(files, path, mode, uid,
              content != null && keep(path, keepContentUnder) ? content : content == null ? null : NOT_KEPT));
        }
      }
      return new ImageTar(tar, config, layers, files);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read image tar " + tar, e);
    }
  }

  /** The container config: Entrypoint, Cmd, User, WorkingDir, Env, ExposedPorts, Labels. */
  public JsonNode containerConfig() {
    return config.get("config");
  }

  public List<String> strings(String field) {
    List<String> out = new ArrayList<>();
    JsonNode node = containerConfig().get(field);
    if (node != null && !node.isNull()) {
      node.forEach(n -> out.add(n.asText()));
    }
    return out;
  }

  public String user() {
    JsonNode user = containerConfig().get("User");
    return user == null || user.isNull() ? "" : user.asText();
  }

  public String workingDir() {
    JsonNode dir = containerConfig().get("WorkingDir");
    return dir == null || dir.isNull() ? "" : dir.asText();
  }

  public int layerCount() {
    return layers.size();
  }

  public Optional<Entry> file(String absolutePath) {
    return Optional.ofNullable(files.get(normalize(absolutePath)));
  }

  /** The file at the path, or an error naming the image and the path. */
  public Entry requireFile(String absolutePath) {
    return file(absolutePath).orElseThrow(() -> new AssertionError(
        "image " + tar + " has no file " + absolutePath + "; files under its parent: "
            + list(absolutePath.substring(0, absolutePath.lastIndexOf('/') + 1))));
  }

  /** Absolute paths of the regular files under a folder (e.g. "/app/libs/"). */
  public List<String> list(String folder) {
    String prefix = normalize(folder);
    return files.keySet().stream().filter(p -> p.startsWith(prefix)).sorted().toList();
  }

  public Path path() {
    return tar;
  }

  private static String normalize(String path) {
    String p = path.startsWith("./") ? path.substring(1) : path;
    return p.startsWith("/") ? p : "/" + p;
  }

  private static boolean keep(String path, String[] folders) {
    String p = normalize(path);
    for (String folder : folders) {
      if (p.startsWith(normalize(folder))) {
        return true;
      }
    }
    return false;
  }

  private static void apply(Map<String, Entry> files, String path, int mode, long uid, byte[] content) {
    String p = normalize(path);
    String name = p.substring(p.lastIndexOf('/') + 1);
    String parent = p.substring(0, p.lastIndexOf('/') + 1);
    if (name.equals(".wh..wh..opq")) {
      files.keySet().removeIf(f -> f.startsWith(parent));
    } else if (name.startsWith(".wh.")) {
      String gone = parent + name.substring(4);
      files.keySet().removeIf(f -> f.equals(gone) || f.startsWith(gone + "/"));
    } else if (content != null) {
      files.put(p, new Entry(p, mode, uid, content == NOT_KEPT ? null : content));
    }
  }

  private static byte[] require(Map<String, byte[]> entries, String name, Path tar) {
    byte[] content = entries.get(name);
    if (content == null) {
      throw new IllegalArgumentException("image tar " + tar + " has no entry " + name + " (entries: "
          + entries.keySet() + ")");
    }
    return content;
  }

  private static InputStream decompress(byte[] layer) throws IOException {
    boolean gzip = layer.length > 2 && (layer[0] & 0xff) == 0x1f && (layer[1] & 0xff) == 0x8b;
    return gzip ? new GZIPInputStream(new ByteArrayInputStream(layer), 1 << 16) : new ByteArrayInputStream(layer);
  }

  private interface EntryConsumer {
    /** content is null for anything but a regular file. */
    void accept(String name, int mode, long uid, byte[] content) throws IOException;
  }

  /** POSIX ustar with GNU long names and PAX path records, the forms Jib, GNU tar and Python write. */
  private static void readTar(InputStream in, EntryConsumer consumer) throws IOException {
    byte[] header = new byte[512];
    String longName = null;
    while (in.readNBytes(header, 0, 512) == 512) {
      if (header[0] == 0) {
        return;
      }
      String name = string(header, 0, 100);
      String prefix = string(header, 345, 155);
      if (!prefix.isEmpty() && "ustar".equals(string(header, 257, 5))) {
        name = prefix + "/" + name;
      }
      int mode = (int) octal(header, 100, 8);
      long uid = octal(header, 108, 8);
      long size = octal(header, 124, 12);
      char type = (char) header[156];
      byte[] content = in.readNBytes((int) size);
      in.skipNBytes((512 - size % 512) % 512);
      switch (type) {
        case 'L' -> longName = string(content, 0, content.length);
        case 'x' -> longName = paxPath(content, longName);
        case 'g' -> {
        }
        default -> {
          String path = longName != null ? longName : name;
          longName = null;
          consumer.accept(path, mode, uid, type == '0' || type == '\0' ? content : null);
        }
      }
    }
  }

  private static String paxPath(byte[] records, String current) {
    for (String record : new String(records, StandardCharsets.UTF_8).split("\n")) {
      int space = record.indexOf(' ');
      if (space > 0 && record.startsWith("path=", space + 1)) {
        return record.substring(space + 6);
      }
    }
    return current;
  }

  private static String string(byte[] b, int offset, int length) {
    int end = offset;
    while (end < offset + length && end < b.length && b[end] != 0) {
      end++;
    }
    return new String(b, offset, end - offset, StandardCharsets.UTF_8);
  }

  private static long octal(byte[] b, int offset, int length) {
    String s = string(b, offset, length).trim();
    return s.isEmpty() ? 0 : Long.parseLong(s, 8);
  }
}
