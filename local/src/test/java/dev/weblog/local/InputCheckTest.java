package dev.weblog.local;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weblog.common.Column;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputCheckTest {

  @TempDir
  Path tmp;

  @Test
  void acceptsTheCommittedSamples() {
    assertDoesNotThrow(() -> InputCheck.requireWebLogCsv(Path.of("../test-data/history-sample.csv"), "--history"));
    assertDoesNotThrow(() -> InputCheck.requireWebLogCsv(Path.of("../test-data/live-sample.csv"), "--live"));
  }

  @Test
  void namesTheOptionAndFileForAMissingFile() {
    Path missing = tmp.resolve("nope.csv");
    String message = assertThrows(DemoInputException.class,
        () -> InputCheck.requireWebLogCsv(missing, "--history")).getMessage();
    assertTrue(message.startsWith("--history " + missing + ": no such file"), message);
  }

  @Test
  void refusesAnEmptyFileAWrongHeaderAndAHeaderWithoutData() throws Exception {
    Path empty = Files.writeString(tmp.resolve("empty.csv"), "");
    Path wrong = Files.writeString(tmp.resolve("wrong.csv"), "a,b,c\n1,2,3\n");
    Path headerOnly = Files.writeString(tmp.resolve("header.csv"), Column.HEADER + "\n");
    assertTrue(message(empty).contains("the file is empty"));
    assertTrue(message(wrong).contains("line 1 must be the header"));
    assertTrue(message(wrong).contains("found 'a,b,c'"));
    assertTrue(message(headerOnly).contains("no data lines"));
  }

  @Test
  void aPortInUseIsReportedWithTheOptionToChangeIt() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      String message = assertThrows(DemoInputException.class, () -> Ports.requireFree(port, "--kafka-port"))
          .getMessage();
      assertTrue(message.contains("port " + port + " is already in use"), message);
      assertTrue(message.contains("--kafka-port 0"), message);
    }
    assertDoesNotThrow(() -> Ports.requireFree(0, "--kafka-port"));
  }

  private String message(Path file) {
    return assertThrows(DemoInputException.class, () -> InputCheck.requireWebLogCsv(file, "--live")).getMessage();
  }
}
