package dev.weblog.common.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.weblog.common.ParseResult;
import dev.weblog.common.Rejection;
import dev.weblog.common.WebLogCsvCodec;
import dev.weblog.common.WebLogRecord;
import java.util.Iterator;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MalformerTest {

  @Test
  void everyKindIsRejectedAsThatKind() {
    Iterator<WebLogRecord> rows = new WebLogGenerator(GeneratorConfig.defaults().withHistoryRows(2_000)).history();
    SplittableRandom random = new SplittableRandom(5);
    for (int i = 0; i < 200; i++) {
      String valid = rows.next().toCsvLine();
      for (Rejection.Kind kind : Malformer.KINDS) {
        ParseResult result = WebLogCsvCodec.decode(Malformer.malform(valid, kind, random));
        assertEquals(kind, assertInstanceOf(ParseResult.Rejected.class, result, kind + " from " + valid)
            .rejection().kind(), valid);
      }
    }
  }
}
