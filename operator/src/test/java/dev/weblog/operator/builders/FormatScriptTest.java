package dev.weblog.operator.builders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** Runs the NameNode's init script with a stand-in {@code hdfs} that records calls and formats like the real one. */
@EnabledOnOs({OS.LINUX, OS.MAC})
class FormatScriptTest {

  @TempDir
  Path dir;

  @Test
  void formatsAnEmptyVolumeOnceAndLeavesAFormattedOneAlone() throws Exception {
    Path nameDir = dir.resolve("name");
    Path calls = dir.resolve("calls.log");
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path hdfs = bin.resolve("hdfs");
    Files.writeString(hdfs, """
        #!/bin/sh
        echo "$*" >> "%s"
        mkdir -p "$NAME_DIR/current" && echo "clusterID=$5" > "$NAME_DIR/current/VERSION"
        """.formatted(calls));
    Files.setPosixFilePermissions(hdfs, PosixFilePermissions.fromString("rwxr-xr-x"));

    assertEquals(0, run(bin, nameDir));
    assertEquals(0, run(bin, nameDir));
    assertEquals(0, run(bin, nameDir));

    List<String> lines = Files.readAllLines(calls);
    assertEquals(List.of("namenode -format -nonInteractive -clusterId CID-test"), lines);
    assertTrue(Files.readString(nameDir.resolve("current/VERSION")).contains("CID-test"));
  }

  @Test
  void aFailedFormatFailsTheInitContainer() throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path hdfs = bin.resolve("hdfs");
    Files.writeString(hdfs, "#!/bin/sh\nexit 7\n");
    Files.setPosixFilePermissions(hdfs, PosixFilePermissions.fromString("rwxr-xr-x"));
    assertEquals(7, run(bin, dir.resolve("name")));
  }

  private int run(Path bin, Path nameDir) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder("sh", "-c", HdfsBuilder.FORMAT_SCRIPT).redirectErrorStream(true)
        .redirectOutput(dir.resolve("out.log").toFile());
    pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    pb.environment().put("NAME_DIR", nameDir.toString());
    pb.environment().put("CLUSTER_ID", "CID-test");
    return pb.start().waitFor();
  }
}
