package dev.weblog.operator.builders;

/**
 * Who is who on the pipeline's HDFS, where permissions are on: the jobs' user owns the base directory, and only
 * the HDFS superuser (the NameNode's own OS user) hands it over, once per history load.
 */
public final class HdfsAccess {

  /** The jobs' identity on HDFS: Spark's and the loader's user; otherwise they would take their OS user's name. */
  public static final String JOBS_USER = "spark";
  /** Hadoop's simple authentication takes the client's user name from this variable when it is set. */
  public static final String USER_ENV = "HADOOP_USER_NAME";

  /**
   * Run as the superuser: the base (and whatever an earlier load or an older operator left in it) handed to the
   * jobs' user, and closed to everyone else.
   */
  public static final String OWN_BASE_SCRIPT = """
      set -eu
      hdfs dfs -fs "$HDFS_URI" -mkdir -p "$BASE"
      hdfs dfs -fs "$HDFS_URI" -chown -R "$OWNER:$OWNER" "$BASE"
      hdfs dfs -fs "$HDFS_URI" -chmod "$MODE" "$BASE"
      echo "$HDFS_URI$BASE: owner $OWNER, mode $MODE"
      """;

  private HdfsAccess() {}
}
