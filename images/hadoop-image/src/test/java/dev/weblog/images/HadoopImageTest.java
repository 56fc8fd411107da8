package dev.weblog.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weblog.operator.builders.Images;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Hadoop image: what the operator's HDFS pods run must be there, for the user they run as. */
class HadoopImageTest {

  private static final String HDFS = "/opt/hadoop/bin/hdfs";

  private static ImageTar image;

  @BeforeAll
  static void read() throws IOException {
    image = ImageTar.read(Path.of(System.getProperty("image.tar")), HDFS, "/app/jib-classpath-file", "/etc/");
  }

  @Test
  void hdfsCommandIsOnThePathAndExecutable() {
    ImageTar.Entry hdfs = image.requireFile(HDFS);
    assertEquals(0755, hdfs.mode() & 0777, HDFS + " mode " + Integer.toOctalString(hdfs.mode()));
    assertTrue(image.strings("Env").stream().anyMatch(e -> e.startsWith("PATH=/opt/hadoop/bin:")),
        "PATH lacks /opt/hadoop/bin: " + image.strings("Env"));
    for (String command : new String[] {"namenode)", "datanode)", "dfs)"}) {
      assertTrue(hdfs.text().contains(command), HDFS + " lacks the subcommand " + command);
    }
  }

  @Test
  void runsAsTheUidTheOperatorGivesHdfsPodsWithAName() {
    assertEquals(Images.HADOOP_UID + ":" + Images.HADOOP_UID, image.user());
    String passwd = image.requireFile("/etc/passwd").text();
    assertTrue(passwd.contains(":x:" + Images.HADOOP_UID + ":"), "Hadoop's login needs a passwd entry for uid "
        + Images.HADOOP_UID + "; /etc/passwd:\n" + passwd);
  }

  @Test
  void classpathHoldsTheServersAndTheirWebUi() {
    String classpath = image.requireFile("/app/jib-classpath-file").text();
    assertTrue(classpath.matches("(?s).*/hadoop-hdfs-\\d[^:/]*\\.jar.*"), "no hadoop-hdfs jar: " + classpath);
    assertTrue(classpath.contains("/hadoop-common-"), "no hadoop-common jar: " + classpath);
    for (String ui : new String[] {"hdfs/index.html", "datanode/index.html", "static/hadoop.css"}) {
      assertTrue(image.file("/opt/hadoop/share/hadoop/hdfs/webapps/" + ui).isPresent(), "no web UI file " + ui);
    }
    assertTrue(image.requireFile(HDFS).text().contains("$HADOOP_HOME/share/hadoop/hdfs:"),
        HDFS + " does not put the web UI folder on the classpath");
  }

  @Test
  void servesTheConfigurationDirectoryThePodsMount() {
    // The pods set HADOOP_CONF_DIR to their ConfigMap; the script must take it before its own default.
    assertTrue(image.requireFile(HDFS).text().contains("conf=${HADOOP_CONF_DIR:-"), HDFS + " ignores HADOOP_CONF_DIR");
  }
}
