package dev.weblog.producer;

import dev.weblog.common.JobContract;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Makes sure the topic exists and every partition has a leader that answers, before anything is produced: a
 * producer started against a just-created partition can fail its first batches for minutes.
 */
final class TopicEnsurer {

  /** What was found or made. */
  record TopicState(String topic, int partitions, boolean created) {}

  /** Time a just-created topic may take to elect its leaders, beyond the connect timeout. */
  static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
  private static final long RETRY_MILLIS = 100;

  private final Admin admin;
  private final String servers;
  private final Duration connectTimeout;

  TopicEnsurer(Admin admin, String servers, Duration connectTimeout) {
    this.admin = admin;
    this.servers = servers;
    this.connectTimeout = connectTimeout;
  }

  /** Fails with a message naming the servers when no broker answers within the connect timeout. */
  Collection<Node> checkReachable() {
    int timeoutMs = (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis());
    try {
      return admin.describeCluster(new DescribeClusterOptions().timeoutMs(timeoutMs)).nodes()
          .get(connectTimeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof AuthenticationException a) {
        throw ReplayException.failure(refused(servers, a), a);
      }
      throw unreachable(e);
    } catch (TimeoutException e) {
      throw unreachable(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ReplayException.failure("interrupted while connecting to Kafka at " + servers, e);
    }
  }

  /** One line naming the broker and the failure (SASL or TLS); the JAAS line itself is never quoted. */
  static String refused(String servers, AuthenticationException e) {
    return "authentication with Kafka at " + servers + " failed (" + DeliveryTracker.describe(e)
        + "); check the user and password in sasl.jaas.config and the CA certificate ("
        + JobContract.OPT_KAFKA_PROPERTY + ")";
  }

  private ReplayException unreachable(Exception e) {
    String cause =
        e instanceof ExecutionException && !(e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException)
            ? " (" + DeliveryTracker.describe(e.getCause()) + ")" : "";
    return ReplayException.failure("cannot reach Kafka at " + servers + " within "
        + DurationText.format(connectTimeout) + cause, e);
  }

  TopicState ensure(String topic, int partitions) {
    Collection<Node> nodes = checkReachable();
    long deadline = System.nanoTime() + connectTimeout.plus(READY_TIMEOUT).toNanos();
    Optional<TopicDescription> found = describe(topic, nodes);
    boolean created = found.isEmpty() && create(topic, partitions);
    // A broker learns of a new topic shortly after the controller: describe until it does.
    while (found.isEmpty() && !created) {
      if (System.nanoTime() - deadline > 0) {
        throw ReplayException.failure("topic " + topic + " was created at " + servers
            + " by someone else but Kafka does not describe it", null);
      }
      sleep(RETRY_MILLIS);
      found = describe(topic, nodes);
    }
    int count = created ? partitions : found.get().partitions().size();
    awaitLeaders(topic, count, deadline);
    return new TopicState(topic, count, created);
  }

  private Optional<TopicDescription> describe(String topic, Collection<Node> nodes) {
    try {
      return Optional.of(get(admin.describeTopics(List.of(topic)).topicNameValues().get(topic)));
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        return Optional.empty();
      }
      if (e.getCause() instanceof TopicAuthorizationException) {
        throw ReplayException.failure("Kafka at " + servers + " does not allow this client to describe topic " + topic
            + " (" + DeliveryTracker.describe(e.getCause()) + "); its user needs Describe and Write on the topic",
            e.getCause());
      }
      throw ReplayException.failure("cannot describe topic " + topic + " at " + servers + ": "
          + DeliveryTracker.describe(e.getCause()), e.getCause());
    } catch (TimeoutException e) {
      throw ReplayException.failure("Kafka at " + servers + " answered but its brokers " + addresses(nodes)
          + " did not describe topic " + topic + " within " + DurationText.format(connectTimeout)
          + "; check the brokers' advertised.listeners", e);
    }
  }

  /** Returns true when this call created it, false when someone else did in the meantime. */
  private boolean create(String topic, int partitions) {
    try {
      get(admin.createTopics(List.of(new NewTopic(topic, Optional.of(partitions), Optional.empty()))).all());
      return true;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof TopicExistsException) {
        return false;
      }
      throw ReplayException.failure("topic " + topic + " does not exist at " + servers
          + " and could not be created with " + partitions + " partitions: " + DeliveryTracker.describe(e.getCause()),
          e.getCause());
    } catch (TimeoutException e) {
      throw ReplayException.failure("topic " + topic + " does not exist at " + servers
          + " and creating it did not finish within " + DurationText.format(connectTimeout), e);
    }
  }

  private void awaitLeaders(String topic, int partitions, long deadline) {
    List<TopicPartition> waiting = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      waiting.add(new TopicPartition(topic, p));
    }
    String lastError = null;
    while (true) {
      ListOffsetsResult result = admin.listOffsets(
          waiting.stream().collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest())));
      List<TopicPartition> stillWaiting = new ArrayList<>();
      for (TopicPartition tp : waiting) {
        try {
          get(result.partitionResult(tp));
        } catch (ExecutionException | TimeoutException e) {
          stillWaiting.add(tp);
          lastError = DeliveryTracker.describe(e instanceof ExecutionException ? e.getCause() : e);
        }
      }
      if (stillWaiting.isEmpty()) {
        return;
      }
      if (System.nanoTime() - deadline > 0) {
        throw ReplayException.failure("topic " + topic + " at " + servers + ": partitions " + stillWaiting
            + " have no leader answering offset requests (last error: " + lastError + ")", null);
      }
      waiting = stillWaiting;
      sleep(RETRY_MILLIS);
    }
  }

  private <T> T get(KafkaFuture<T> future) throws ExecutionException, TimeoutException {
    try {
      return future.get(connectTimeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ReplayException.failure("interrupted while talking to Kafka at " + servers, e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ReplayException.failure("interrupted while waiting for the topic's leaders", e);
    }
  }

  private static String addresses(Collection<Node> nodes) {
    return nodes.stream().map(n -> n.host() + ":" + n.port()).collect(Collectors.joining(",", "[", "]"));
  }
}
