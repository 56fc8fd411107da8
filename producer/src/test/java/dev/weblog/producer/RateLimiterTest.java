package dev.weblog.producer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

  /** Time that moves only when the limiter sleeps, by what it asked plus an optional overshoot. */
  static final class FakeClock implements RateLimiter.Clock {
    long now = 1_000 * SECOND;
    long overshoot;
    int sleeps;

    @Override
    public long nanoTime() {
      return now;
    }

    @Override
    public void sleepNanos(long nanos) {
      sleeps++;
      now += nanos + overshoot;
    }
  }

  private static List<Long> grantTimes(RateLimiter limiter, FakeClock clock, int lines) throws Exception {
    long start = clock.now;
    List<Long> times = new ArrayList<>();
    for (int i = 0; i < lines; i++) {
      assertTrue(limiter.acquire(() -> false));
      times.add((clock.now - start) / TimeUnit.MILLISECONDS.toNanos(1));
    }
    return times;
  }

  @Test
  void oneLinePerSecondSpacesLinesOneSecondApart() throws Exception {
    FakeClock clock = new FakeClock();
    assertEquals(List.of(0L, 1000L, 2000L, 3000L, 4000L),
        grantTimes(new RateLimiter(Rate.parse("1"), clock), clock, 5));
  }

  @Test
  void theOriginalFiveLinesEveryFiveSecondsComeInBursts() throws Exception {
    FakeClock clock = new FakeClock();
    assertEquals(List.of(0L, 0L, 0L, 0L, 0L, 5000L, 5000L, 5000L, 5000L, 5000L, 10000L),
        grantTimes(new RateLimiter(Rate.parse("5/5s"), clock), clock, 11));
  }

  @Test
  void unlimitedNeverWaits() throws Exception {
    FakeClock clock = new FakeClock();
    grantTimes(new RateLimiter(Rate.parse("0"), clock), clock, 10_000);
    assertEquals(0, clock.sleeps);
  }

  @Test
  void oversleepingIsMadeUpSoTheAverageRateHolds() throws Exception {
    FakeClock clock = new FakeClock();
    clock.overshoot = TimeUnit.MILLISECONDS.toNanos(30);
    List<Long> times = grantTimes(new RateLimiter(Rate.parse("10"), clock), clock, 101);
    // 100 periods of 100 ms; each late grant is followed by an early one, so at most one overshoot remains.
    assertTrue(times.get(100) <= 10_030, "last grant at " + times.get(100) + " ms");
  }

  @Test
  void aLongStallRestartsTheScheduleInsteadOfBursting() throws Exception {
    FakeClock clock = new FakeClock();
    RateLimiter limiter = new RateLimiter(Rate.parse("1"), clock);
    assertTrue(limiter.acquire(() -> false));
    clock.now += 10 * SECOND;
    long stalledAt = clock.now;
    assertTrue(limiter.acquire(() -> false));
    assertEquals(stalledAt, clock.now);
    assertTrue(limiter.acquire(() -> false));
    assertEquals(stalledAt + SECOND, clock.now);
  }

  @Test
  void aStopDuringTheWaitReturnsWithoutGranting() throws Exception {
    FakeClock clock = new FakeClock();
    RateLimiter limiter = new RateLimiter(Rate.parse("1/1m"), clock);
    assertTrue(limiter.acquire(() -> false));
    long before = clock.now;
    assertFalse(limiter.acquire(() -> clock.sleeps > 0));
    assertEquals(RateLimiter.SLICE_NANOS, clock.now - before);
  }

  @Test
  void ratesParseFromLinesPerSecondAndBursts() {
    assertTrue(Rate.parse("0").unlimited());
    assertEquals(new Rate(1, SECOND), Rate.parse("1"));
    assertEquals(new Rate(1, TimeUnit.MILLISECONDS.toNanos(400)), Rate.parse("2.5"));
    assertEquals(new Rate(5, 5 * SECOND), Rate.parse("5/5s"));
    assertEquals(new Rate(100, SECOND), Rate.parse("100/s"));
    assertEquals(new Rate(10, TimeUnit.MILLISECONDS.toNanos(500)), Rate.parse("10/500ms"));
    assertEquals(Rate.burst(300, Duration.ofMinutes(1)), Rate.parse("300/1m"));
    assertEquals("5 lines every 5 s", Rate.parse("5/5s").toString());
    assertEquals("2.5 lines/s", Rate.parse("2.5").toString());
  }

  @Test
  void badRatesAreRefusedNamingTheText() {
    for (String bad : List.of("abc", "-1", "5/0s", "5/", "/5s", "0/5s", "NaN", "Infinity", "5/5x")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Rate.parse(bad), bad);
      assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
    }
  }
}
