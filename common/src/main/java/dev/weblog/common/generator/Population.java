package dev.weblog.common.generator;

import java.util.SplittableRandom;

/**
 * The devices behind the traffic, each with fixed true labels, device type, IP and home town. Compact arrays
 * so a population for ten million rows stays small.
 */
final class Population {

  /** Taiwan's larger cities: latitude, longitude, share of devices. */
  private static final double[][] CITIES = {
      {25.0330, 121.5654, 0.30}, {25.0120, 121.4650, 0.18}, {24.1477, 120.6736, 0.13},
      {22.6273, 120.3014, 0.12}, {24.9936, 121.3010, 0.10}, {22.9999, 120.2270, 0.08},
      {24.8138, 120.9675, 0.05}, {23.4801, 120.4491, 0.04}};
  /** First two octets of IPv4 blocks used by Taiwanese ISPs. */
  private static final int[][] IP_PREFIXES = {
      {1, 160}, {1, 171}, {36, 224}, {36, 231}, {42, 72}, {49, 216}, {59, 115}, {101, 12}, {111, 240},
      {114, 24}, {114, 36}, {118, 160}, {118, 166}, {122, 116}, {223, 136}};

  final int size;
  final byte[] gender;
  final byte[] age;
  final byte[] deviceType;
  final boolean[] labeled;
  final int[] ip;
  final float[] homeLat;
  final float[] homeLon;
  final double[] activity;
  private final long idSalt;

  Population(GeneratorConfig config, BehaviourModel model) {
    size = config.deviceCount();
    gender = new byte[size];
    age = new byte[size];
    deviceType = new byte[size];
    labeled = new boolean[size];
    ip = new int[size];
    homeLat = new float[size];
    homeLon = new float[size];
    activity = new double[size];
    SplittableRandom r = new SplittableRandom(config.seed());
    idSalt = r.nextLong();
    AliasSampler genders = new AliasSampler(BehaviourModel.GENDER_PRIOR);
    AliasSampler ages = new AliasSampler(model.agePrior);
    AliasSampler[] devices = new AliasSampler[model.ages];
    for (int a = 0; a < model.ages; a++) {
      devices[a] = new AliasSampler(model.deviceGivenAge[a]);
    }
    double[] cityShares = new double[CITIES.length];
    for (int k = 0; k < CITIES.length; k++) {
      cityShares[k] = CITIES[k][2];
    }
    AliasSampler cities = new AliasSampler(cityShares);
    for (int i = 0; i < size; i++) {
      gender[i] = (byte) genders.sample(r);
      age[i] = (byte) ages.sample(r);
      deviceType[i] = (byte) devices[age[i]].sample(r);
      labeled[i] = r.nextDouble() >= config.unlabeledShare();
      int[] prefix = IP_PREFIXES[r.nextInt(IP_PREFIXES.length)];
      ip[i] = prefix[0] << 24 | prefix[1] << 16 | r.nextInt(256) << 8 | (1 + r.nextInt(254));
      double[] city = CITIES[cities.sample(r)];
      homeLat[i] = (float) (city[0] + r.nextGaussian() * 0.03);
      homeLon[i] = (float) (city[1] + r.nextGaussian() * 0.03);
      // Heavy-tailed activity: a few devices visit far more often than most.
      activity[i] = Math.exp(r.nextGaussian() * 0.8);
    }
  }

  private Population(Population base, double[] activity) {
    size = base.size;
    gender = base.gender;
    age = base.age;
    deviceType = base.deviceType;
    labeled = base.labeled;
    ip = base.ip;
    homeLat = base.homeLat;
    homeLon = base.homeLon;
    this.activity = activity;
    idSalt = base.idSalt;
  }

  /** The same devices, each visiting {@code weight[gender][age]} times as often: another label mix of visits. */
  Population reweighted(double[][] weight) {
    double[] shifted = new double[size];
    for (int i = 0; i < size; i++) {
      shifted[i] = activity[i] * weight[gender[i]][age[i]];
    }
    return new Population(this, shifted);
  }

  /** 16 hex characters, stable for a seed and index. */
  String deviceId(int i) {
    return String.format("%016x", mix(idSalt ^ i));
  }

  /** 32 hex characters, like the original's hashed member ids. */
  String memberId(int i) {
    long h = mix(idSalt + 0x632BE59BD9B4E019L * (i + 1L));
    return String.format("%016x%016x", h, mix(h));
  }

  String ip(int i) {
    int v = ip[i];
    return (v >>> 24) + "." + (v >>> 16 & 255) + "." + (v >>> 8 & 255) + "." + (v & 255);
  }

  /** SplitMix64's finalizer. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
