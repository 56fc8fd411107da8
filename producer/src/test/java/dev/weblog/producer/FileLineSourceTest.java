package dev.weblog.producer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weblog.common.Column;
import dev.weblog.common.JobContract;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileLineSourceTest {

  @TempDir
  Path tmp;

  private Path write(byte[] content) throws Exception {
    Path file = Files.createTempFile(tmp, "lines", ".csv");
    Files.write(file, content);
    return file;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static List<String> readAll(Path file) {
    List<String> lines = new ArrayList<>();
    try (FileLineSource source = FileLineSource.open(file)) {
      for (byte[] line = source.next(); line != null; line = source.next()) {
        lines.add(new String(line, StandardCharsets.ISO_8859_1));
      }
    }
    return lines;
  }

  @Test
  void theHeaderIsSkippedOnlyAsTheFirstLine() throws Exception {
    Path file = write(bytes(Column.HEADER + "\na,1\n" + Column.HEADER + "\nb,2\n"));
    assertEquals(List.of("a,1", Column.HEADER, "b,2"), readAll(file));
  }

  @Test
  void aFirstLineThatIsDataIsSent() throws Exception {
    assertEquals(List.of("a,1", "b,2"), readAll(write(bytes("a,1\nb,2"))));
  }

  @Test
  void aHeaderAfterAByteOrderMarkIsStillTheHeader() throws Exception {
    ByteArrayOutputStream content = new ByteArrayOutputStream();
    content.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
    content.write(bytes(Column.HEADER + "\r\na,1\r\n"));
    FileLineSource source = FileLineSource.open(write(content.toByteArray()));
    assertArrayEquals(bytes("a,1"), source.next());
    assertTrue(source.headerSkipped());
    assertNull(source.next());
  }

  @Test
  void terminatorsAreDroppedAndEverythingElseIsKept() throws Exception {
    Path file = write(bytes("crlf,1\r\n\nlone\rcr,2\n  spaced , 3 \nlast,4"));
    assertEquals(List.of("crlf,1", "", "lone\rcr,2", "  spaced , 3 ", "last,4"), readAll(file));
  }

  @Test
  void bytesThatAreNotUtf8GoThroughUnchanged() throws Exception {
    byte[] odd = {'d', (byte) 0xFF, (byte) 0xFE, 0, ',', (byte) 0xC3, '\r'};
    ByteArrayOutputStream content = new ByteArrayOutputStream();
    content.write(bytes("a,1\n"));
    content.write(odd);
    content.write('\n');
    try (FileLineSource source = FileLineSource.open(write(content.toByteArray()))) {
      assertArrayEquals(bytes("a,1"), source.next());
      assertArrayEquals(Arrays.copyOf(odd, odd.length - 1), source.next());
      assertNull(source.next());
      assertEquals(2, source.lineNumber());
    }
  }

  @Test
  void linesLongerThanTheReadBufferComeWhole() throws Exception {
    String longLine = "x".repeat(200_000) + "\r";
    // The CR lands just before a buffer boundary and the LF just after it.
    String shortLine = "y".repeat((1 << 16) - 1);
    assertEquals(List.of(shortLine, longLine.substring(0, longLine.length() - 1), "z"),
        readAll(write(bytes(shortLine + "\n" + longLine + "\nz\n"))));
    String crAtBoundary = "w".repeat((1 << 16) - 1) + "\r\nv";
    assertEquals(List.of("w".repeat((1 << 16) - 1), "v"), readAll(write(bytes(crAtBoundary))));
  }

  @Test
  void aLineBeyondTheBoundIsRefusedNamingFileAndLine() throws Exception {
    Path file = tmp.resolve("binary.csv");
    try (OutputStream out = Files.newOutputStream(file)) {
      out.write(bytes("a,1\n"));
      out.write(new byte[FileLineSource.MAX_LINE_BYTES + 1]);
    }
    try (FileLineSource source = FileLineSource.open(file)) {
      source.next();
      ReplayException e = assertThrows(ReplayException.class, source::next);
      assertTrue(e.getMessage().contains("line 2 of " + file), e.getMessage());
    }
  }

  @Test
  void aMissingFileIsAUsageErrorNamingIt() {
    Path missing = tmp.resolve("nope.csv");
    ReplayException e = assertThrows(ReplayException.class, () -> FileLineSource.open(missing));
    assertEquals("input file " + missing + " does not exist", e.getMessage());
    assertEquals(JobContract.EXIT_USAGE, e.exitCode());
  }

  @Test
  void aFolderIsAUsageErrorNamingIt() {
    ReplayException e = assertThrows(ReplayException.class, () -> FileLineSource.open(tmp));
    assertTrue(e.getMessage().contains(tmp + " is a directory"), e.getMessage());
    assertEquals(JobContract.EXIT_USAGE, e.exitCode());
  }

  @Test
  void anEmptyFileHasNoLines() throws Exception {
    assertEquals(List.of(), readAll(write(new byte[0])));
    assertFalse(readAll(write(bytes("\n"))).isEmpty());
  }

  @Test
  void theKeyIsTheDeviceIdOrNullWithoutOne() {
    assertEquals("dev-1", ReplayProducer.keyOf(bytes("dev-1,2019-05-01 00:00:00,1")));
    assertEquals("dev-2", ReplayProducer.keyOf(bytes(" \"dev-2\" ,x")));
    assertEquals("solo", ReplayProducer.keyOf(bytes("solo")));
    assertNull(ReplayProducer.keyOf(bytes(",2019-05-01 00:00:00,1")));
    assertNull(ReplayProducer.keyOf(new byte[0]));
    assertEquals("\"dev-3", ReplayProducer.keyOf(bytes("\"dev-3,2019,1\"")));
  }
}
