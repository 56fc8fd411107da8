package dev.weblog.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RecentWindowTest {

  @Test
  void readsEachUnit() {
    assertEquals(Duration.ofSeconds(90), RecentWindow.parse("90s"));
    assertEquals(Duration.ofMinutes(30), RecentWindow.parse("30m"));
    assertEquals(Duration.ofHours(24), RecentWindow.parse("24h"));
    assertEquals(Duration.ofDays(7), RecentWindow.parse("7d"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "0h", "24", "h", "1.5h", "-1d", "24 hours", "3w"})
  void refusesOtherForms(String text) {
    String message = assertThrows(IllegalArgumentException.class, () -> RecentWindow.parse(text)).getMessage();
    assertTrue(message.contains("'" + text + "'") && message.contains("24h"), message);
  }
}
