package dev.weblog.spark;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;
import java.util.List;

/**
 * The shape of spark-apps' packages, for any root: the root holds what every job shares and depends on none of its
 * sub-packages; {@code model} (what training writes and every scoring path reads) depends on no job; a job package
 * depends on no other job package, only on {@code model} and the root. A new job package is covered by the last
 * rule without being named here.
 */
public final class PackageRules {

  private PackageRules() {}

  /** All three rules over the packages under {@code root}. */
  public static List<ArchRule> of(String root) {
    return List.of(rootIsShared(root), modelNeedsNoJob(root), jobsAreIndependent(root));
  }

  static ArchRule rootIsShared(String root) {
    return noClasses().that().resideInAPackage(root).should().dependOnClassesThat(inSubPackageOf(root))
        .because("the root holds what every job shares");
  }

  static ArchRule modelNeedsNoJob(String root) {
    return noClasses().that().resideInAPackage(model(root) + "..").should()
        .dependOnClassesThat(inJobPackage(root))
        .because("training writes the model and every scoring path reads it, so it can need none of them");
  }

  static ArchRule jobsAreIndependent(String root) {
    return SlicesRuleDefinition.slices().matching(root + ".(*)..").namingSlices("package " + root + ".$1")
        .should().notDependOnEachOther()
        .ignoreDependency(DescribedPredicate.alwaysTrue(), inPackageTree(model(root)))
        .because("a job package shares code through the root or model, never through another job");
  }

  private static String model(String root) {
    return root + ".model";
  }

  private static DescribedPredicate<JavaClass> inSubPackageOf(String root) {
    return DescribedPredicate.describe("are in a sub-package of " + root,
        c -> c.getPackageName().startsWith(root + "."));
  }

  private static DescribedPredicate<JavaClass> inJobPackage(String root) {
    return DescribedPredicate.describe("are in a job package (a sub-package of " + root + " other than model)",
        c -> c.getPackageName().startsWith(root + ".") && !inPackageTree(model(root)).test(c));
  }

  private static DescribedPredicate<JavaClass> inPackageTree(String pkg) {
    return DescribedPredicate.describe("are in " + pkg,
        c -> c.getPackageName().equals(pkg) || c.getPackageName().startsWith(pkg + "."));
  }
}
