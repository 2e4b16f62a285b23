package dev.nabla.processor.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The seeded declaration fuzzer (see {@link DeclarationFuzzer} for the properties). The default
 * run checks {@value #DEFAULT_COUNT} declarations from a fixed seed; a longer local run:
 * {@code mvn test -pl processor -am -Dtest=DeclarationFuzzTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dnabla.fuzz.count=20000 -Dnabla.fuzz.seed=random}.
 * One case again: {@code -Dnabla.fuzz.seed=S -Dnabla.fuzz.start=I -Dnabla.fuzz.count=1}. It is
 * part of the default {@code mvn test}, and fails until the processor closes the holes it finds.
 */
class DeclarationFuzzTest {
  private static final long DEFAULT_SEED = 20261205L;
  private static final int DEFAULT_COUNT = 2000;
  /** Declarations per javac run: fewer runs are faster, but a batch shares one failed run. */
  private static final int DEFAULT_BATCH = 100;
  /** Failure classes printed with their smallest declaration. */
  private static final Path REPORT = Path.of("target", "declaration-fuzz-report.txt");

  @Test
  void everyDeclarationIsRejectedOrCompilesToTheRightGradients() throws IOException {
    String seedProperty = System.getProperty("nabla.fuzz.seed", Long.toString(DEFAULT_SEED));
    long seed = seedProperty.equals("random") ? new SplittableRandom().nextLong()
        : Long.parseLong(seedProperty);
    int first = Integer.getInteger("nabla.fuzz.start", 0);
    int count = Integer.getInteger("nabla.fuzz.count", DEFAULT_COUNT);
    DeclarationFuzzer fuzzer = new DeclarationFuzzer(seed);
    fuzzer.run(first, count, Integer.getInteger("nabla.fuzz.batch", DEFAULT_BATCH));
    System.out.println("DeclarationFuzzTest seed " + seed + ", cases " + first + ".."
        + (first + count - 1) + ": " + fuzzer.statistics());
    if (!fuzzer.failures().isEmpty()) {
      String report = report(seed, fuzzer.failures());
      Files.createDirectories(REPORT.getParent());
      Files.writeString(REPORT, report, StandardCharsets.UTF_8);
      System.out.println(report);
    }
    assertTrue(fuzzer.failures().isEmpty(), () -> fuzzer.failures().size() + " failures in "
        + "seed " + seed + "; catalogue in " + REPORT.toAbsolutePath() + "\n"
        + summary(fuzzer.failures()));
  }

  @Test
  void theSameSeedWritesTheSameDeclarations() {
    DeclarationGenerator one = new DeclarationGenerator(7);
    DeclarationGenerator other = new DeclarationGenerator(7);
    List<String> first = IntStream.range(0, 300).mapToObj(i -> one.generate(i).source()).toList();
    List<String> second = IntStream.range(0, 300).mapToObj(i -> other.generate(i).source())
        .toList();
    assertEquals(first, second);
    assertTrue(first.stream().distinct().count() > 290, "declarations repeat");
  }

  /** One line per failure class: how often, and where to see the smallest example. */
  private static String summary(List<Failure> failures) {
    return groups(failures).entrySet().stream()
        .map(e -> e.getValue().size() + " × " + e.getKey())
        .collect(Collectors.joining("\n"));
  }

  private static Map<String, List<Failure>> groups(List<Failure> failures) {
    return failures.stream().collect(Collectors.groupingBy(Failure::signature,
        LinkedHashMap::new, Collectors.toList()));
  }

  /** Every failure class with its smallest declaration, reproducible from seed and index. */
  private static String report(long seed, List<Failure> failures) {
    StringBuilder out = new StringBuilder("Declaration fuzzer, seed " + seed + ": "
        + failures.size() + " failures\n");
    groups(failures).forEach((signature, group) -> {
      Failure smallest = group.stream().min(Comparator.comparingInt(Failure::sourceLength))
          .orElseThrow();
      int firstCase = group.stream().flatMap(f -> f.fuzzCase().stream())
          .mapToInt(FuzzCase::index).min().orElse(-1);
      out.append("\n=== ").append(group.size()).append(" × ").append(signature)
          .append("\nfirst seen in case ").append(firstCase).append('\n')
          .append(smallest.detail()).append('\n');
      smallest.fuzzCase().ifPresent(c -> out.append("reproduce: -Dnabla.fuzz.seed=").append(seed)
          .append(" -Dnabla.fuzz.start=").append(c.index()).append(" -Dnabla.fuzz.count=1\n")
          .append(c).append('\n').append(c.source()));
    });
    return out.toString();
  }
}
