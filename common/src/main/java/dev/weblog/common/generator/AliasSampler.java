package dev.weblog.common.generator;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.SplittableRandom;

/** Walker's alias method: draws index i with probability weight[i] / sum in O(1). */
final class AliasSampler {
  private final double[] probability;
  private final int[] alias;

  AliasSampler(double[] weights) {
    int n = weights.length;
    if (n == 0) {
      throw new IllegalArgumentException("no weights");
    }
    double sum = 0;
    for (double w : weights) {
      if (!(w >= 0)) {
        throw new IllegalArgumentException("weights must be >= 0");
      }
      sum += w;
    }
    probability = new double[n];
    alias = new int[n];
    double[] scaled = new double[n];
    Deque<Integer> small = new ArrayDeque<>();
    Deque<Integer> large = new ArrayDeque<>();
    for (int i = 0; i < n; i++) {
      scaled[i] = weights[i] * n / sum;
      (scaled[i] < 1 ? small : large).push(i);
    }
    while (!small.isEmpty() && !large.isEmpty()) {
      int s = small.pop();
      int l = large.pop();
      probability[s] = scaled[s];
      alias[s] = l;
      scaled[l] = scaled[l] + scaled[s] - 1;
      (scaled[l] < 1 ? small : large).push(l);
    }
    while (!large.isEmpty()) {
      probability[large.pop()] = 1;
    }
    while (!small.isEmpty()) {
      probability[small.pop()] = 1;
    }
  }

  int sample(SplittableRandom random) {
    int i = random.nextInt(probability.length);
    return random.nextDouble() < probability[i] ? i : alias[i];
  }
}
