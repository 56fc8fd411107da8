package dev.weblog.bench;

import java.io.IOException;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;

/**
 * Rows of a flat schema straight into parquet-java's record consumer, as {@link WebLogWriteSupport} does for
 * records: the plain-Java stream's predictions and quarantine. Subclasses write one row's fields by schema index.
 */
abstract class FlatWriteSupport<T> extends WriteSupport<T> {

  private final MessageType schema;
  private RecordConsumer out;

  FlatWriteSupport(MessageType schema) {
    this.schema = schema;
  }

  MessageType schema() {
    return schema;
  }

  /** Writes the fields of one row between {@code startMessage} and {@code endMessage}. */
  abstract void fields(T row);

  // parquet-java 1.16 deprecates this Hadoop form but still declares it abstract, so it must be implemented.
  @SuppressWarnings("deprecation")
  @Override
  public WriteContext init(Configuration configuration) {
    return new WriteContext(schema, Map.of());
  }

  @Override
  public void prepareForWrite(RecordConsumer recordConsumer) {
    this.out = recordConsumer;
  }

  @Override
  public void write(T row) {
    out.startMessage();
    fields(row);
    out.endMessage();
  }

  /** A Snappy-compressed file, as Spark writes by default, that this support fills. */
  ParquetWriter<T> open(Path file, Configuration conf) throws IOException {
    return new Builder<>(HadoopOutputFile.fromPath(file, conf), this).withConf(conf)
        .withCompressionCodec(CompressionCodecName.SNAPPY).build();
  }

  /** Nothing is written for null: every nullable column is OPTIONAL. */
  void string(int index, String value) {
    if (value != null) {
      start(index);
      out.addBinary(Binary.fromString(value));
      end(index);
    }
  }

  void binary(int index, byte[] value) {
    if (value != null) {
      start(index);
      out.addBinary(Binary.fromConstantByteArray(value));
      end(index);
    }
  }

  void int32(int index, int value) {
    start(index);
    out.addInteger(value);
    end(index);
  }

  void int64(int index, long value) {
    start(index);
    out.addLong(value);
    end(index);
  }

  private void start(int index) {
    out.startField(schema.getFieldName(index), index);
  }

  private void end(int index) {
    out.endField(schema.getFieldName(index), index);
  }

  private static final class Builder<T> extends ParquetWriter.Builder<T, Builder<T>> {
    private final FlatWriteSupport<T> support;

    private Builder(org.apache.parquet.io.OutputFile file, FlatWriteSupport<T> support) {
      super(file);
      this.support = support;
    }

    @Override
    protected Builder<T> self() {
      return this;
    }

    // Deprecated but still abstract in parquet-java 1.16, as init(Configuration) above.
    @SuppressWarnings("deprecation")
    @Override
    protected WriteSupport<T> getWriteSupport(Configuration conf) {
      return support;
    }
  }
}
