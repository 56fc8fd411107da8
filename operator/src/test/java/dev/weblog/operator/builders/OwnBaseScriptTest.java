package dev.weblog.operator.builders;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weblog.common.HdfsLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** Runs the loader's own-base script with a stand-in {@code hdfs} that records its calls. */
@EnabledOnOs({OS.LINUX, OS.MAC})
class OwnBaseScriptTest {

  @TempDir
  Path dir;

  @Test
  void createsTheBaseThenHandsItsTreeToTheJobsUserAndClosesIt() throws Exception {
    Path calls = dir.resolve("calls.log");
    assertEquals(0, run(standIn("echo \"$*\" >> \"" + calls + "\"")));
    String fs = "dfs -fs hdfs://nn:8020 ";
    assertEquals(List.of(fs + "-mkdir -p /base", fs + "-chown -R spark:spark /base", fs + "-chmod 750 /base"),
        Files.readAllLines(calls));
  }

  @Test
  void aRefusedChownFailsTheInitContainerBeforeTheLoadRuns() throws Exception {
    Path calls = dir.resolve("calls.log");
    assertEquals(1, run(standIn("echo \"$*\" >> \"" + calls + "\"; case \"$*\" in *-chown*) exit 1;; esac")));
    assertEquals(2, Files.readAllLines(calls).size(), "stops at the chown");
  }

  private Path standIn(String body) throws IOException {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path hdfs = bin.resolve("hdfs");
    Files.writeString(hdfs, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(hdfs, PosixFilePermissions.fromString("rwxr-xr-x"));
    return bin;
  }

  private int run(Path bin) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder("sh", "-c", HdfsAccess.OWN_BASE_SCRIPT).redirectErrorStream(true)
        .redirectOutput(dir.resolve("out.log").toFile());
    pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    pb.environment().put("HDFS_URI", "hdfs://nn:8020");
    pb.environment().put("BASE", "/base");
    pb.environment().put("OWNER", HdfsAccess.JOBS_USER);
    pb.environment().put("MODE", HdfsLayout.BASE_MODE);
    return pb.start().waitFor();
  }
}
