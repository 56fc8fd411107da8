package dev.weblog.spark;

import dev.weblog.common.JobContract;
import dev.weblog.common.KafkaAccess;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Asks Kafka for the topic before the query starts: Spark's source would retry an unreachable broker or a
 * missing topic for minutes and then fail with a stack trace, where a person needs one line naming what is wrong.
 */
public final class KafkaTopicCheck {

  private KafkaTopicCheck() {}

  /** The topic's partition count; a {@link JobFailure} naming the servers or the topic within {@code timeout}. */
  public static int requireTopic(String servers, String topic, Map<String, String> clientSettings,
      Duration timeout) {
    return requireTopic(servers, topic, JobContract.OPT_TOPIC, clientSettings, timeout);
  }

  /** As above, for a topic a job reads or writes, named by the option that gave it. */
  public static int requireTopic(String servers, String topic, String option, Map<String, String> clientSettings,
      Duration timeout) {
    List<String> unresolved = HostNames.unresolved(servers);
    if (!unresolved.isEmpty() && unresolved.size() == servers.split(",").length) {
      throw JobFailure.unavailable(HostNames.notResolving(String.join("', '", unresolved), "Kafka at " + servers
          + " (" + JobContract.OPT_BOOTSTRAP + ")"), null);
    }
    Properties props = new Properties();
    props.putAll(clientSettings);
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    Admin admin;
    try {
      admin = Admin.create(props);
    } catch (KafkaException e) {
      throw new JobFailure("cannot use Kafka at " + servers + " (" + JobContract.OPT_BOOTSTRAP + ", "
          + JobContract.OPT_KAFKA_PROPERTY + "): "
          + StagedDirectory.oneLine(e.getCause() == null ? e : e.getCause()), e);
    }
    try {
      TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(topic);
      return description.partitions().size();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        throw JobFailure.unavailable("topic '" + topic + "' does not exist on Kafka at " + servers + " (" + option
            + "); create it" + (option.equals(JobContract.OPT_TOPIC) ? ", or start the producer," : "") + " first", e);
      }
      if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
        throw unreachable(servers, timeout, e);
      }
      if (e.getCause() instanceof AuthenticationException) {
        throw new JobFailure("authentication with Kafka at " + servers + " failed (" + StagedDirectory.oneLine(
            e.getCause()) + "); check the user and password in sasl.jaas.config and the CA certificate ("
            + JobContract.OPT_KAFKA_PROPERTY + ")", e);
      }
      if (e.getCause() instanceof TopicAuthorizationException) {
        throw new JobFailure("Kafka at " + servers + " does not allow this client to describe topic '" + topic
            + "'; its user needs Describe and Read on the topic and Read on the groups "
            + KafkaAccess.STREAM_GROUP_PREFIX + "*", e);
      }
      throw new JobFailure("cannot describe topic '" + topic + "' on Kafka at " + servers + ": "
          + StagedDirectory.oneLine(e.getCause()), e);
    } catch (TimeoutException e) {
      throw unreachable(servers, timeout, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new JobFailure("interrupted while asking Kafka at " + servers + " for topic '" + topic + "'", e);
    } finally {
      admin.close(Duration.ofSeconds(2));
    }
  }

  private static JobFailure unreachable(String servers, Duration timeout, Exception e) {
    return JobFailure.unavailable("Kafka at " + servers + " did not answer within " + timeout.toSeconds() + " s ("
        + JobContract.OPT_BOOTSTRAP + "); is it running and reachable from here?", e);
  }
}
