package dev.weblog.local;

import dev.weblog.common.Column;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Checks a user's CSV before anything starts: it exists, is readable, has the original header and data. */
final class InputCheck {

  private InputCheck() {}

  static void requireWebLogCsv(Path file, String option) {
    if (!Files.exists(file)) {
      throw new DemoInputException(option + " " + file + ": no such file");
    }
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new DemoInputException(option + " " + file + ": not a readable file");
    }
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
      String header = in.readLine();
      if (header == null || header.isBlank()) {
        throw new DemoInputException(option + " " + file + ": the file is empty");
      }
      // ISO-8859-1 reads any bytes; the header is ASCII, so a UTF-8 BOM shows as three characters.
      String clean = header.replace("\u00EF\u00BB\u00BF", "").strip();
      if (!clean.equals(Column.HEADER)) {
        throw new DemoInputException(option + " " + file + ": line 1 must be the header '" + Column.HEADER
            + "', found '" + shorten(clean) + "'");
      }
      if (in.readLine() == null) {
        throw new DemoInputException(option + " " + file + ": the file holds a header but no data lines");
      }
    } catch (IOException e) {
      throw new DemoInputException(option + " " + file + ": cannot read it (" + e.getMessage() + ")");
    }
  }

  private static String shorten(String s) {
    return s.length() > 80 ? s.substring(0, 80) + "..." : s;
  }
}
