package dev.weblog.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class CompilerCpuTest {

  @Test
  void readsUserAndSystemTicksAfterACommandHoldingSpacesAndParentheses() {
    String stat = "4242 (C2 Compiler) (x)) S 1 4242 4242 0 -1 4194368 12 0 0 0 731 69 0 0 20 0 41 0 1234 0 0";
    assertEquals(800, CompilerCpu.cpuTicks(stat));
  }

  @Test
  void knowsHotSpotsCompilerThreadsByTheirCutNames() {
    assertTrue(CompilerCpu.compilerThread("C2 CompilerThre"));
    assertTrue(CompilerCpu.compilerThread("C1 CompilerThre"));
    assertFalse(CompilerCpu.compilerThread("Executor task l"));
    assertFalse(CompilerCpu.compilerThread("GC Thread#0"));
  }

  @Test
  void theShareIsTheCompilersTicksOverTheProcesss() {
    CompilerCpu start = new CompilerCpu(100, 1_000);
    assertEquals(25.0, new CompilerCpu(150, 1_200).percentSince(start), 1e-9);
    // A compiler thread that exited takes its ticks with it: never a negative share.
    assertEquals(0.0, new CompilerCpu(40, 1_200).percentSince(start), 1e-9);
    assertEquals(0.0, start.percentSince(start), 1e-9);
  }

  @Test
  void onLinuxTheProcessTicksGrowWithWorkDone() {
    Optional<CompilerCpu> start = CompilerCpu.now();
    assumeTrue(start.isPresent(), "/proc/self is Linux only");
    long sum = 0;
    long until = System.nanoTime() + 300_000_000L;
    while (System.nanoTime() < until) {
      sum += Long.numberOfTrailingZeros(sum + System.nanoTime());
    }
    CompilerCpu end = CompilerCpu.now().orElseThrow();
    assertTrue(end.processTicks() > start.get().processTicks(), "no CPU counted for 0.3 s of work (" + sum + ")");
    double share = end.percentSince(start.get());
    assertTrue(share >= 0 && share <= 100, "share " + share);
  }
}
