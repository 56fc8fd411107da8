package dev.weblog.common.generator;

import java.time.LocalDate;
import java.time.LocalDateTime;

/**
 * Maps a position in [0, 1) over a period to a time of visit following a daily rhythm (quiet nights, busy
 * evenings, livelier weekends). Increasing positions give non-decreasing times, so rows come out in time order
 * without sorting.
 */
final class VisitClock {

  private static final double[] HOURLY = {
      0.5, 0.3, 0.2, 0.15, 0.15, 0.2, 0.4, 0.7, 0.9, 1.0, 1.1, 1.2,
      1.4, 1.2, 1.1, 1.1, 1.1, 1.2, 1.3, 1.5, 1.8, 2.0, 1.7, 1.0};
  private static final double WEEKEND = 1.25;

  private final LocalDateTime start;
  private final double[] cumulative;

  VisitClock(LocalDate startDay, int days) {
    start = startDay.atStartOfDay();
    cumulative = new double[days * 24 + 1];
    for (int h = 0; h < days * 24; h++) {
      int dow = startDay.plusDays(h / 24).getDayOfWeek().getValue();
      cumulative[h + 1] = cumulative[h] + HOURLY[h % 24] * (dow >= 6 ? WEEKEND : 1);
    }
    double total = cumulative[cumulative.length - 1];
    for (int h = 0; h < cumulative.length; h++) {
      cumulative[h] /= total;
    }
  }

  LocalDateTime at(double position) {
    int lo = 0;
    int hi = cumulative.length - 1;
    while (hi - lo > 1) {
      int mid = (lo + hi) >>> 1;
      if (cumulative[mid] <= position) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    double within = (position - cumulative[lo]) / (cumulative[lo + 1] - cumulative[lo]);
    long seconds = lo * 3600L + (long) Math.min(3599, Math.max(0, within * 3600));
    return start.plusSeconds(seconds);
  }
}
