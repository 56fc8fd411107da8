package dev.weblog.bench;

import java.util.Arrays;

/** A child JVM for the peak-memory test: holds N MiB of written bytes for a moment, then exits. */
public final class AllocatingChild {

  private AllocatingChild() {}

  public static void main(String[] args) throws InterruptedException {
    int mib = Integer.parseInt(args[0]);
    byte[][] blocks = new byte[mib][];
    for (int i = 0; i < mib; i++) {
      blocks[i] = new byte[1 << 20];
      // Written, not only allocated, so every page is resident.
      Arrays.fill(blocks[i], (byte) 1);
    }
    Thread.sleep(600);
    System.out.println("held " + blocks.length + " MiB");
  }
}
