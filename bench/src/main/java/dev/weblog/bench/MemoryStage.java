package dev.weblog.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Peak resident memory of the demo ({@code weblog demo}, its defaults unless --demo-args says otherwise), run in a
 * child JVM as a user runs it, against the same JVM starting only the demo's services and leaving them idle. Each
 * run gets a new --work folder, deleted after a successful run; the child's output stays beside it.
 */
final class MemoryStage implements Stage {

  static final String DEMO_MAIN = "dev.weblog.local.WeblogCli";
  static final long IDLE_SECONDS = 5;
  private static final Duration DEADLINE = Duration.ofMinutes(60);

  private final Path dir;
  private final List<String> demoArgs;
  private final List<String> flags;
  private final List<String> heap;
  private int runs;

  MemoryStage(Path dir, List<String> demoArgs) {
    ProcStatus.requireProc("the memory stage");
    for (String a : demoArgs) {
      if (a.equals("--work") || a.startsWith("--work=")) {
        throw new BenchFailure("memory: --demo-args must not set --work; each demo run gets its own folder under "
            + dir);
      }
    }
    this.dir = dir;
    this.demoArgs = List.copyOf(demoArgs);
    this.flags = ChildJvm.sparkFlags();
    this.heap = ChildJvm.demoHeap();
  }

  /** "--rows 1000 --live-rows 200" to its words; blank is none. */
  static List<String> words(String args) {
    return args == null || args.isBlank() ? List.of() : List.of(args.strip().split("\\s+"));
  }

  @Override
  public String id() {
    return "memory";
  }

  @Override
  public Figure primary() {
    return Figure.PEAK_RSS_MB;
  }

  @Override
  public List<Variant> variants() {
    return List.of(new Child("project", "the demo", DEMO_MAIN, work -> {
      List<String> args = new ArrayList<>(List.of("demo", "--work", work.toString()));
      args.addAll(demoArgs);
      return args;
    }), new Child("idle", "the idle services", IdleServices.class.getName(),
        work -> List.of(work.toString(), Long.toString(IDLE_SECONDS))));
  }

  @Override
  public Map<String, Double> references() {
    return Map.of();
  }

  /** One child JVM run in a folder of its own; its peak resident memory and how long it ran. */
  private final class Child implements Variant {
    private final String name;
    private final String what;
    private final String mainClass;
    private final Function<Path, List<String>> argsFor;

    Child(String name, String what, String mainClass, Function<Path, List<String>> argsFor) {
      this.name = name;
      this.what = what;
      this.mainClass = mainClass;
      this.argsFor = argsFor;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public Measurement run() throws IOException {
      String run = name + "-" + (++runs);
      Path work = dir.resolve(run);
      Path output = dir.resolve(run + ".out");
      deleteTree(work);
      Files.createDirectories(work);
      List<String> command = ChildJvm.command(ChildJvm.java(), heap, flags, ChildJvm.classpath(),
          work.resolve("child.log"), mainClass, argsFor.apply(work));
      PeakRss.Outcome outcome = ChildJvm.run(what, command, output, DEADLINE);
      if (outcome.exitCode() != 0) {
        throw new BenchFailure("memory " + name + ": " + what + " exited with code " + outcome.exitCode()
            + "; its output is in " + output + ", its log in " + work.resolve("child.log"));
      }
      if (outcome.peakKb() <= 0) {
        throw new BenchFailure("memory " + name + ": no resident memory read from /proc for " + what
            + " (it ran " + outcome.seconds() + " s); its output is in " + output);
      }
      deleteTree(work);
      return Measurement.of(Figure.PEAK_RSS_MB, outcome.peakKb() / 1024.0).with(Figure.SECONDS, outcome.seconds());
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
