package dev.weblog.local.report;

import java.util.List;
import java.util.Locale;

/** Small inline-SVG charts: no script, no network, renders in any browser. Pure functions of their data. */
final class Svg {

  static final String[] SERIES_COLORS = {"#3b6ea8", "#e08a2c", "#5a9e4b", "#b84a62"};
  private static final int BAR_AREA_HEIGHT = 180;

  private Svg() {}

  /** A heat map of a confusion matrix: rows are true labels, columns predictions, shade = row share. */
  static String confusionHeatMap(List<String> labels, long[][] matrix) {
    int n = labels.size();
    int cell = n > 3 ? 64 : 90;
    int left = 90;
    int top = 40;
    int width = left + n * cell + 20;
    int height = top + n * cell + 50;
    StringBuilder svg = open(width, height, "confusion matrix");
    svg.append(text(left + n * cell / 2.0, 16, "predicted", "middle", 12, true));
    svg.append(String.format(Locale.ROOT,
        "<text x=\"14\" y=\"%d\" font-size=\"12\" font-weight=\"bold\" transform=\"rotate(-90 14 %d)\" "
            + "text-anchor=\"middle\">true</text>",
        top + n * cell / 2, top + n * cell / 2));
    for (int c = 0; c < n; c++) {
      svg.append(text(left + c * cell + cell / 2.0, top - 6, labels.get(c), "middle", 11, false));
    }
    for (int r = 0; r < n; r++) {
      long rowTotal = 0;
      for (long v : matrix[r]) {
        rowTotal += v;
      }
      svg.append(text(left - 6, top + r * cell + cell / 2.0 + 4, labels.get(r), "end", 11, false));
      for (int c = 0; c < n; c++) {
        double share = rowTotal == 0 ? 0 : matrix[r][c] / (double) rowTotal;
        svg.append(String.format(Locale.ROOT,
            "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\" stroke=\"#fff\">"
                + "<title>true %s, predicted %s: %d (%.1f%% of row)</title></rect>",
            left + c * cell, top + r * cell, cell, cell, blue(share), Html.escape(labels.get(r)),
            Html.escape(labels.get(c)), matrix[r][c], share * 100));
        svg.append(String.format(Locale.ROOT,
            "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"middle\" fill=\"%s\">%d</text>",
            left + c * cell + cell / 2.0, top + r * cell + cell / 2.0 + 4, share > 0.55 ? "#fff" : "#222",
            matrix[r][c]));
      }
    }
    return svg.append("</svg>").toString();
  }

  /**
   * Grouped vertical bars: one group per category, one bar per series, values in [0, max]. Used for per-class
   * precision/recall and for predicted-vs-true label shares.
   */
  static String groupedBars(String title, List<String> categories, List<String> seriesNames,
      List<double[]> series, double max, String valueFormat) {
    int groupWidth = Math.max(60, 26 * seriesNames.size() + 20);
    int left = 50;
    int top = 30;
    int width = left + categories.size() * groupWidth + 20;
    int height = top + BAR_AREA_HEIGHT + 60;
    int barWidth = (groupWidth - 16) / seriesNames.size();
    StringBuilder svg = open(width, height, title);
    svg.append(axis(left, top, categories.size() * groupWidth, max, valueFormat));
    for (int g = 0; g < categories.size(); g++) {
      int x0 = left + g * groupWidth + 8;
      for (int s = 0; s < series.size(); s++) {
        double v = series.get(s)[g];
        double h = max <= 0 ? 0 : Math.max(0, Math.min(1, v / max)) * BAR_AREA_HEIGHT;
        svg.append(String.format(Locale.ROOT,
            "<rect x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" fill=\"%s\"><title>%s %s: "
                + valueFormat + "</title></rect>",
            x0 + s * barWidth, top + BAR_AREA_HEIGHT - h, barWidth - 2, h,
            SERIES_COLORS[s % SERIES_COLORS.length], Html.escape(categories.get(g)),
            Html.escape(seriesNames.get(s)), v));
      }
      svg.append(text(left + g * groupWidth + groupWidth / 2.0, top + BAR_AREA_HEIGHT + 16, categories.get(g),
          "middle", 11, false));
    }
    svg.append(legend(left, top + BAR_AREA_HEIGHT + 36, seriesNames));
    return svg.append("</svg>").toString();
  }

  /** A histogram with vertical marker lines (e.g. p50, p95, p99). */
  static String histogram(String title, List<Double> upperBounds, List<Long> counts, List<String> markerNames,
      List<Double> markerValues, String unit) {
    int bars = counts.size();
    int barWidth = Math.max(8, Math.min(36, 600 / Math.max(1, bars)));
    int left = 60;
    int top = 30;
    int width = left + bars * barWidth + 80;
    int height = top + BAR_AREA_HEIGHT + 60;
    long max = counts.stream().mapToLong(Long::longValue).max().orElse(0);
    double step = upperBounds.size() > 1 ? upperBounds.get(1) - upperBounds.get(0) : 1;
    double start = upperBounds.isEmpty() ? 0 : upperBounds.get(0) - step;
    StringBuilder svg = open(width, height, title);
    svg.append(axis(left, top, bars * barWidth, max, "%.0f"));
    for (int b = 0; b < bars; b++) {
      double h = max == 0 ? 0 : counts.get(b) / (double) max * BAR_AREA_HEIGHT;
      double lower = b == 0 ? start : upperBounds.get(b - 1);
      svg.append(String.format(Locale.ROOT,
          "<rect x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" fill=\"%s\"><title>%.0f-%.0f %s: %d</title></rect>",
          left + b * barWidth, top + BAR_AREA_HEIGHT - h, barWidth - 1, h, SERIES_COLORS[0], lower,
          upperBounds.get(b), unit, counts.get(b)));
      if (b % Math.max(1, bars / 8) == 0) {
        svg.append(text(left + b * barWidth, top + BAR_AREA_HEIGHT + 14, String.format(Locale.ROOT, "%.0f", lower),
            "middle", 10, false));
      }
    }
    svg.append(text(left + bars * barWidth / 2.0, top + BAR_AREA_HEIGHT + 30, unit, "middle", 11, false));
    double end = upperBounds.isEmpty() ? 1 : upperBounds.get(upperBounds.size() - 1);
    for (int m = 0; m < markerNames.size(); m++) {
      double share = (markerValues.get(m) - start) / Math.max(1e-9, end - start);
      double x = left + Math.max(0, Math.min(1, share)) * bars * barWidth;
      String color = SERIES_COLORS[(m + 1) % SERIES_COLORS.length];
      svg.append(String.format(Locale.ROOT,
          "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\" stroke-dasharray=\"4 3\"/>",
          x, top, x, top + BAR_AREA_HEIGHT, color));
      svg.append(text(x + 3, top + 10 + 12 * m, markerNames.get(m)
          + String.format(Locale.ROOT, " %.0f", markerValues.get(m)), "start", 10, false));
    }
    return svg.append("</svg>").toString();
  }

  /**
   * Lines over a shared x axis (e.g. seconds into the run), one per series, each point a dot whose tooltip names
   * its {@code pointNames} entry and value; a NaN is a gap: no dot, and the line skips it.
   */
  static String lines(String title, List<Double> xs, List<String> pointNames, List<String> seriesNames,
      List<double[]> series, String xUnit, String yUnit) {
    int plotWidth = 560;
    int left = 60;
    int top = 30;
    int width = left + plotWidth + 30;
    int height = top + BAR_AREA_HEIGHT + 60;
    double maxX = xs.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    double minX = xs.stream().mapToDouble(Double::doubleValue).min().orElse(0);
    double spanX = Math.max(1e-9, maxX - minX);
    double maxY = 0;
    for (double[] values : series) {
      for (double v : values) {
        maxY = Double.isNaN(v) ? maxY : Math.max(maxY, v);
      }
    }
    double top4 = maxY <= 0 ? 1 : Math.ceil(maxY / 4) * 4;
    StringBuilder svg = open(width, height, title);
    svg.append(axis(left, top, plotWidth, top4, "%.0f"));
    svg.append(text(left - 4, top - 10, yUnit, "end", 10, false));
    for (int t = 0; t <= 4; t++) {
      svg.append(text(left + plotWidth * t / 4.0, top + BAR_AREA_HEIGHT + 14,
          String.format(Locale.ROOT, "%.0f", minX + spanX * t / 4), "middle", 10, false));
    }
    svg.append(text(left + plotWidth / 2.0, top + BAR_AREA_HEIGHT + 28, xUnit, "middle", 11, false));
    for (int s = 0; s < series.size(); s++) {
      String color = SERIES_COLORS[s % SERIES_COLORS.length];
      StringBuilder path = new StringBuilder();
      StringBuilder dots = new StringBuilder();
      double[] values = series.get(s);
      for (int i = 0; i < xs.size(); i++) {
        if (Double.isNaN(values[i])) {
          continue;
        }
        double x = xs.size() == 1 ? left + plotWidth / 2.0 : left + (xs.get(i) - minX) / spanX * plotWidth;
        double y = top + BAR_AREA_HEIGHT - Math.max(0, Math.min(1, values[i] / top4)) * BAR_AREA_HEIGHT;
        path.append(path.isEmpty() ? "" : " ").append(String.format(Locale.ROOT, "%.1f,%.1f", x, y));
        dots.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"%s\">"
            + "<title>%s, %s: %.0f %s</title></circle>", x, y, color, Html.escape(pointNames.get(i)),
            Html.escape(seriesNames.get(s)), values[i], Html.escape(yUnit)));
      }
      svg.append(String.format(Locale.ROOT, "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" "
          + "stroke-width=\"1.5\"/>", path, color)).append(dots);
    }
    svg.append(legend(left, top + BAR_AREA_HEIGHT + 48, seriesNames));
    return svg.append("</svg>").toString();
  }

  private static StringBuilder open(int width, int height, String title) {
    return new StringBuilder(String.format(Locale.ROOT,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
            + "font-family=\"sans-serif\" role=\"img\"><title>%s</title>",
        width, height, width, height, Html.escape(title)));
  }

  private static String axis(int left, int top, int width, double max, String format) {
    StringBuilder sb = new StringBuilder();
    for (int t = 0; t <= 4; t++) {
      double y = top + BAR_AREA_HEIGHT - t * BAR_AREA_HEIGHT / 4.0;
      sb.append(String.format(Locale.ROOT,
          "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>", left, y, left + width, y));
      sb.append(text(left - 4, y + 4, String.format(Locale.ROOT, format, max * t / 4), "end", 10, false));
    }
    return sb.toString();
  }

  private static String legend(int left, int y, List<String> names) {
    StringBuilder sb = new StringBuilder();
    int x = left;
    for (int s = 0; s < names.size(); s++) {
      sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>",
          x, y - 9, SERIES_COLORS[s % SERIES_COLORS.length]));
      sb.append(text(x + 14, y, names.get(s), "start", 11, false));
      x += 24 + 7 * names.get(s).length();
    }
    return sb.toString();
  }

  private static String text(double x, double y, String s, String anchor, int size, boolean bold) {
    return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%d\" text-anchor=\"%s\"%s>%s</text>",
        x, y, size, anchor, bold ? " font-weight=\"bold\"" : "", Html.escape(s));
  }

  /** White to dark blue. */
  private static String blue(double share) {
    double s = Math.max(0, Math.min(1, share));
    int r = (int) Math.round(247 - s * (247 - 8));
    int g = (int) Math.round(251 - s * (251 - 48));
    int b = (int) Math.round(255 - s * (255 - 107));
    return String.format("#%02x%02x%02x", r, g, b);
  }
}
