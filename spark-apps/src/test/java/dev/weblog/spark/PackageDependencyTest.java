package dev.weblog.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** spark-apps' main classes keep {@link PackageRules}; the rules themselves catch each kind of breach. */
class PackageDependencyTest {

  private static final String FIXTURE = "dev.weblog.fixture.layers";
  /** A class or member named in a report: the class, without a member such as {@code .<init>()} or {@code .m()}. */
  private static final Pattern MEMBER =
      Pattern.compile("<(" + Pattern.quote(FIXTURE) + "[\\w.$]*?)(?:\\.(?:<init>|<clinit>|\\w+)\\([^)]*\\))?>");

  @Test
  void mainClassesKeepThePackageRules() {
    JavaClasses main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.weblog.spark");
    Set<String> packages = main.stream().map(c -> c.getPackageName()).collect(Collectors.toSet());
    // Guards against a vacuous pass: the import must have found every package the rules are about.
    assertTrue(packages.containsAll(Set.of("dev.weblog.spark", "dev.weblog.spark.model", "dev.weblog.spark.ingest",
        "dev.weblog.spark.train", "dev.weblog.spark.stream")), packages.toString());
    for (ArchRule rule : PackageRules.of("dev.weblog.spark")) {
      rule.check(main);
    }
  }

  @Test
  void eachRuleReportsTheDependencyThatBreaksIt() {
    JavaClasses fixture = new ClassFileImporter().importPackages(FIXTURE);
    assertEquals(List.of(FIXTURE + ".Shared -> " + FIXTURE + ".ingest.Reader"),
        breaches(PackageRules.rootIsShared(FIXTURE).evaluate(fixture)));
    assertEquals(List.of(FIXTURE + ".model.Scorer -> " + FIXTURE + ".train.Trainer"),
        breaches(PackageRules.modelNeedsNoJob(FIXTURE).evaluate(fixture)));
    // stream -> model is allowed; ingest -> stream and model -> train are not.
    List<String> jobs = breaches(PackageRules.jobsAreIndependent(FIXTURE).evaluate(fixture));
    assertEquals(List.of(FIXTURE + ".ingest.Reader -> " + FIXTURE + ".stream.Writer",
        FIXTURE + ".model.Scorer -> " + FIXTURE + ".train.Trainer"), jobs);
    assertFalse(jobs.stream().anyMatch(b -> b.startsWith(FIXTURE + ".stream.")), jobs.toString());
  }

  /** "A -> B" for every class-to-class dependency a rule's report names, in report order, without repeats. */
  private static List<String> breaches(EvaluationResult result) {
    return result.getFailureReport().getDetails().stream()
        .map(PackageDependencyTest::edge).filter(e -> !e.isEmpty()).distinct().toList();
  }

  /** The two classes of a detail such as "Method <A.m()> calls constructor <B.<init>()> in (A.java:8)". */
  private static String edge(String detail) {
    Matcher m = MEMBER.matcher(detail);
    List<String> classes = new ArrayList<>();
    while (m.find() && classes.size() < 2) {
      classes.add(m.group(1));
    }
    return classes.size() == 2 ? classes.get(0) + " -> " + classes.get(1) : "";
  }

}
