package dev.weblog.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedServicesTest {

  @TempDir
  Path tmp;

  @Test
  void hdfsKeepsFilesAcrossARestartOnTheSameFolder() throws Exception {
    org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path("/t/hello.txt");
    try (EmbeddedHdfs hdfs = EmbeddedHdfs.start(tmp.resolve("dfs"))) {
      assertTrue(hdfs.uri().startsWith("hdfs://localhost:"));
      FileSystem fs = hdfs.fileSystem();
      try (FSDataOutputStream out = fs.create(file)) {
        out.write("hello".getBytes(StandardCharsets.UTF_8));
      }
    }
    try (EmbeddedHdfs hdfs = EmbeddedHdfs.start(tmp.resolve("dfs"))) {
      try (FSDataInputStream in = hdfs.fileSystem().open(file)) {
        assertEquals("hello", new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    }
  }

  @Test
  void kafkaBrokerKeepsRecordsAcrossARestart() throws Exception {
    Path dir = tmp.resolve("kafka");
    int port;
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir)) {
      port = kafka.port();
      try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
        admin.createTopics(List.of(new NewTopic("t", 1, (short) 1))).all().get();
      }
      Properties p = new Properties();
      p.put("bootstrap.servers", kafka.bootstrapServers());
      try (KafkaProducer<String, String> producer =
          new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
        producer.send(new ProducerRecord<>("t", "k", "v")).get();
      }
    }
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir)) {
      assertEquals(port, kafka.port());
      Properties c = new Properties();
      c.put("bootstrap.servers", kafka.bootstrapServers());
      try (KafkaConsumer<String, String> consumer =
          new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer())) {
        TopicPartition tp = new TopicPartition("t", 0);
        consumer.assign(List.of(tp));
        consumer.seekToBeginning(List.of(tp));
        ConsumerRecords<String, String> records = ConsumerRecords.empty();
        for (int i = 0; i < 20 && records.isEmpty(); i++) {
          records = consumer.poll(Duration.ofMillis(500));
        }
        assertEquals(1, records.count());
        assertEquals("v", records.iterator().next().value());
      }
    }
  }
}
