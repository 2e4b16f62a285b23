package dev.nabla.processor.fuzz;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.nabla.NablaModel;
import dev.nabla.processor.NablaProcessor;
import dev.nabla.processor.fuzz.FuzzCase.Verdict;
import dev.nabla.processor.testing.InMemoryCompiler;
import dev.nabla.processor.testing.NetworkSpec;
import dev.nabla.processor.testing.RandomData;
import dev.nabla.processor.testing.ReferenceNetwork;
import java.io.StringWriter;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

/**
 * Compiles generated declarations in batches and checks what the processor made of each:
 * <ol>
 *   <li>(a) it never throws: no {@code [Nabla/Internal]}, no javac crash;
 *   <li>(b) an invalid declaration gets a {@code [Nabla/…]} error in its own file and no model;
 *   <li>(c) a valid one gets a model that compiles without any warning under {@code -Xlint:all}
 *       (what {@code -Werror} would fail on) and has the gradients of finite differences.
 * </ol>
 * A batch runs in two javac passes: processing alone ({@code -proc:only}), since javac stops after
 * the first processor error and would not compile the accepted models of the batch; then the
 * accepted declarations with their generated sources, without the processor.
 */
final class DeclarationFuzzer {
  private static final Pattern TAG = Pattern.compile("^\\[Nabla/(\\w+)]");
  /** Layouts the batches rotate through: the default limit, all row-major, all feature-major. */
  private static final List<List<String>> LAYOUTS = List.of(List.of(),
      List.of("-Anabla.featureMajorLimit=0"), List.of("-Anabla.featureMajorLimit=4096"));
  private static final int SAMPLED_PARAMETERS = 16;
  /** Farther than the finite differences' step moves any Z. */
  private static final double KINK_MARGIN = 1e-3;
  private static final int MAX_DRAWS = 20;

  private final long seed;
  private final DeclarationGenerator generator;
  private final List<Failure> failures = new ArrayList<>();
  private final Map<Verdict, Integer> verdicts = new EnumMap<>(Verdict.class);
  private int accepted;
  private int gradientChecked;
  /** Models checked on their loss only: some ReLU sat at its kink in every draw. */
  private int atKinkEverywhere;
  /** Where the time goes, in nanoseconds: processing, compiling, gradient checks. */
  private long processNanos;
  private long compileNanos;
  private long gradientNanos;

  DeclarationFuzzer(long seed) {
    this.seed = seed;
    this.generator = new DeclarationGenerator(seed);
  }

  List<Failure> failures() {
    return failures;
  }

  String statistics() {
    return "verdicts " + verdicts + ", accepted " + accepted + ", gradient-checked "
        + gradientChecked + " (loss only, at a ReLU kink in every draw: " + atKinkEverywhere
        + "), failures " + failures.size() + "; seconds processing "
        + processNanos / 1_000_000_000 + ", compiling " + compileNanos / 1_000_000_000
        + ", gradient checks " + gradientNanos / 1_000_000_000;
  }

  /** Generates and checks cases {@code first} to {@code first + count - 1}. */
  void run(int first, int count, int batchSize) {
    for (int start = first; start < first + count; start += batchSize) {
      List<FuzzCase> batch = new ArrayList<>();
      for (int i = start; i < Math.min(first + count, start + batchSize); i++) {
        FuzzCase fuzzCase = generator.generate(i);
        verdicts.merge(fuzzCase.verdict(), 1, Integer::sum);
        batch.add(fuzzCase);
      }
      runBatch(batch, LAYOUTS.get(Math.floorMod(start / batchSize, LAYOUTS.size())));
    }
  }

  private void runBatch(List<FuzzCase> batch, List<String> layout) {
    List<String> options = new ArrayList<>(List.of("-proc:only", "-Xlint:all", "-Xmaxerrs",
        "1000000", "-Xmaxwarns", "1000000"));
    options.addAll(layout);
    Optional<Processed> processed = process(batch, options);
    if (processed.isEmpty()) {
      // A crash: find the declarations that cause it, one javac run each.
      for (FuzzCase fuzzCase : batch) {
        process(List.of(fuzzCase), options)
            .ifPresent(p -> checkProcessing(List.of(fuzzCase), p, layout));
      }
      return;
    }
    List<FuzzCase> threw = batch.stream()
        .filter(c -> processed.get().diagnostics().stream().anyMatch(d -> isInternal(d)
            && d.getSource() != null && c.sourcePath().equals(path(d.getSource().toUri()))))
        .toList();
    if (!threw.isEmpty() && threw.size() < batch.size()) {
      // The processor stops at its first throw and skips the classes after it: check those
      // that threw alone and the others without them, so each failure shows in its own case.
      threw.forEach(c -> runBatch(List.of(c), layout));
      runBatch(batch.stream().filter(c -> !threw.contains(c)).toList(), layout);
      return;
    }
    checkProcessing(batch, processed.get(), layout);
  }

  private static boolean isInternal(Diagnostic<?> d) {
    return tag(d).filter("Internal"::equals).isPresent();
  }

  /** What processing produced: diagnostics, and generated sources by path. */
  private record Processed(List<Diagnostic<? extends JavaFileObject>> diagnostics,
      Map<String, String> generated) {}

  /**
   * javac with the processor and {@code -proc:only}, through the compiler API rather than
   * compile-testing, which withholds the generated files of a compilation with errors.
   */
  private Optional<Processed> process(List<FuzzCase> cases, List<String> options) {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    Map<String, StringWriter> generated = new LinkedHashMap<>();
    JavaFileManager files = new ForwardingJavaFileManager<>(
        javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
      @Override
      public JavaFileObject getJavaFileForOutput(Location location, String className,
          JavaFileObject.Kind kind, FileObject sibling) {
        URI uri = URI.create("mem:///" + location.getName() + "/" + className.replace('.', '/')
            + kind.extension);
        StringWriter text = new StringWriter();
        generated.put(path(uri), text);
        return new SimpleJavaFileObject(uri, kind) {
          @Override
          public Writer openWriter() {
            return text;
          }

          @Override
          public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return text.toString();
          }
        };
      }
    };
    List<JavaFileObject> sources = cases.stream()
        .map(c -> JavaFileObjects.forSourceString(c.qualifiedName(), c.source())).toList();
    JavaCompiler.CompilationTask task =
        javac.getTask(null, files, diagnostics, options, null, sources);
    task.setProcessors(List.of(new NablaProcessor()));
    long start = System.nanoTime();
    try {
      task.call();
    } catch (RuntimeException | Error e) {
      crashed(cases, e);
      return Optional.empty();
    } finally {
      processNanos += System.nanoTime() - start;
    }
    Map<String, String> texts = new LinkedHashMap<>();
    generated.forEach((path, text) -> texts.put(path, text.toString()));
    return Optional.of(new Processed(diagnostics.getDiagnostics(), texts));
  }

  /** A throw out of javac: recorded against the case when there is only one. */
  private void crashed(List<FuzzCase> cases, Throwable e) {
    if (cases.size() == 1) {
      String trace = e + "\n" + Arrays.stream(e.getStackTrace()).limit(12)
          .map(f -> "    at " + f).collect(Collectors.joining("\n"));
      failures.add(new Failure(Optional.of(cases.get(0)), "(a) javac crashed", trace));
    }
  }

  /** javac without the processor, for compiling accepted declarations with their models. */
  private Optional<Compilation> compile(List<FuzzCase> cases, List<JavaFileObject> sources) {
    long start = System.nanoTime();
    try {
      return Optional.of(Compiler.javac().withOptions("-Xlint:all", "-Xmaxerrs", "1000000",
          "-Xmaxwarns", "1000000").compile(sources));
    } catch (RuntimeException | Error e) {
      crashed(cases, e);
      return Optional.empty();
    } finally {
      compileNanos += System.nanoTime() - start;
    }
  }

  /** Diagnostics of one javac run, by the case whose user or generated source they are in. */
  private static final class Attribution {
    final Map<FuzzCase, List<Diagnostic<? extends JavaFileObject>>> byCase =
        new LinkedHashMap<>();
    final List<Diagnostic<? extends JavaFileObject>> unattributed = new ArrayList<>();

    Attribution(List<FuzzCase> cases, List<Diagnostic<? extends JavaFileObject>> diagnostics) {
      Map<String, FuzzCase> byPath = new HashMap<>();
      for (FuzzCase fuzzCase : cases) {
        byPath.put(fuzzCase.sourcePath(), fuzzCase);
        byPath.put(generatedPath(fuzzCase.generatedName()), fuzzCase);
        byCase.put(fuzzCase, new ArrayList<>());
      }
      for (Diagnostic<? extends JavaFileObject> d : diagnostics) {
        FuzzCase owner = d.getSource() == null ? named(cases, d.getMessage(null))
            : byPath.get(path(d.getSource().toUri()));
        if (owner == null) {
          unattributed.add(d);
        } else {
          byCase.get(owner).add(d);
        }
      }
    }
  }

  /** The case whose class or generated class a message without a source names, if any. */
  private static FuzzCase named(List<FuzzCase> cases, String message) {
    for (FuzzCase fuzzCase : cases) {
      if (message.contains("'" + fuzzCase.generatedName() + "'")
          || message.contains("'" + fuzzCase.qualifiedName() + "'")) {
        return fuzzCase;
      }
    }
    return null;
  }

  /** The path javac reports a file by, generated files taken as if they were sources. */
  private static String path(URI file) {
    String path = file.getPath();
    int generated = path.indexOf("SOURCE_OUTPUT/");
    path = generated >= 0 ? path.substring(generated + "SOURCE_OUTPUT/".length()) : path;
    return path.startsWith("/") ? path.substring(1) : path;
  }

  private static String generatedPath(String qualifiedName) {
    return qualifiedName.replace('.', '/') + ".java";
  }

  private static boolean isError(Diagnostic<?> d) {
    return d.getKind() == Diagnostic.Kind.ERROR;
  }

  private static boolean isWarning(Diagnostic<?> d) {
    return d.getKind() == Diagnostic.Kind.WARNING
        || d.getKind() == Diagnostic.Kind.MANDATORY_WARNING;
  }

  private static Optional<String> tag(Diagnostic<?> d) {
    Matcher m = TAG.matcher(d.getMessage(null));
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }

  private static String describe(Diagnostic<? extends JavaFileObject> d) {
    String where = d.getSource() == null ? "(no source)"
        : path(d.getSource().toUri()) + ":" + d.getLineNumber();
    String message = d.getMessage(null);
    // a [Nabla/Internal] trace: its first frames are enough to find the throw
    return d.getKind() + " " + where + ": "
        + message.lines().limit(8).collect(Collectors.joining("\n"));
  }

  /** Properties (a) and (b), and the warnings of (c); then compiles what was accepted. */
  private void checkProcessing(List<FuzzCase> batch, Processed processed,
      List<String> layout) {
    Attribution attribution = new Attribution(batch, processed.diagnostics());
    Map<String, String> generated = processed.generated();
    for (Diagnostic<? extends JavaFileObject> d : attribution.unattributed) {
      if (isError(d) || isWarning(d)) {
        failures.add(new Failure(Optional.empty(), isInternal(d)
            ? "(a) processor threw" : "(c) diagnostic outside every declaration",
            describe(d) + "\n  in the javac run of cases " + batch.get(0).index() + " to "
                + batch.get(batch.size() - 1).index() + " " + layout));
      }
    }
    Map<FuzzCase, String> acceptedSources = new LinkedHashMap<>();
    for (FuzzCase fuzzCase : batch) {
      List<Diagnostic<? extends JavaFileObject>> diagnostics = attribution.byCase.get(fuzzCase);
      List<Diagnostic<? extends JavaFileObject>> errors =
          diagnostics.stream().filter(DeclarationFuzzer::isError).toList();
      Optional<String> file =
          Optional.ofNullable(generated.get(generatedPath(fuzzCase.generatedName())));
      for (Diagnostic<? extends JavaFileObject> d : diagnostics) {
        if (isInternal(d)) {
          fail(fuzzCase, "(a) processor threw", describe(d));
        }
      }
      boolean nablaError = errors.stream().anyMatch(d -> tag(d).isPresent());
      Optional<Diagnostic<? extends JavaFileObject>> declarationError = errors.stream()
          .filter(d -> d.getSource() == null
              || fuzzCase.sourcePath().equals(path(d.getSource().toUri())))
          .findFirst();
      if (declarationError.isPresent() && file.isPresent()) {
        fail(fuzzCase, "(b) a model was generated despite an error",
            describe(declarationError.get()));
      }
      switch (fuzzCase.verdict()) {
        case INVALID -> {
          if (!nablaError) {
            fail(fuzzCase, "(b) invalid declaration without a Nabla error",
                errors.isEmpty() ? "no error at all; expected one for " + fuzzCase.invalidReasons()
                    : "only " + describe(errors.get(0)));
          }
        }
        case VALID -> {
          if (!errors.isEmpty()) {
            fail(fuzzCase, "(c) valid declaration rejected", describe(errors.get(0)));
          } else if (file.isEmpty()) {
            fail(fuzzCase, "(c) valid declaration without a generated model", "no file "
                + fuzzCase.generatedName());
          }
        }
        case EITHER -> {
          if (errors.isEmpty() && file.isEmpty()) {
            fail(fuzzCase, "(c) accepted declaration without a generated model",
                "no error and no file " + fuzzCase.generatedName());
          }
        }
      }
      if (errors.isEmpty() && file.isPresent() && fuzzCase.verdict() != Verdict.INVALID) {
        checkWarnings(fuzzCase, diagnostics);
        acceptedSources.put(fuzzCase, file.get());
      }
    }
    accepted += acceptedSources.size();
    compileAccepted(acceptedSources, layout);
  }

  /** An accepted declaration gets exactly the Nabla warnings it asks for, and no other. */
  private void checkWarnings(FuzzCase fuzzCase,
      List<Diagnostic<? extends JavaFileObject>> diagnostics) {
    Set<String> seen = new TreeSet<>();
    for (Diagnostic<? extends JavaFileObject> d : diagnostics) {
      if (isWarning(d)) {
        Optional<String> tag = tag(d);
        if (tag.isPresent() && fuzzCase.expectedWarnings().contains(tag.get())) {
          seen.add(tag.get());
        } else {
          fail(fuzzCase, "(c) warning while processing", describe(d));
        }
      }
    }
    if (!seen.equals(fuzzCase.expectedWarnings())) {
      fail(fuzzCase, "(c) expected Nabla warning missing",
          "expected " + fuzzCase.expectedWarnings() + ", got " + seen);
    }
  }

  /**
   * Compiles the accepted declarations with their models, without the processor; drops the
   * ones whose code fails and compiles the rest again, so each can still be gradient-checked.
   */
  private void compileAccepted(Map<FuzzCase, String> acceptedSources,
      List<String> layout) {
    List<FuzzCase> cases = new ArrayList<>(acceptedSources.keySet());
    while (!cases.isEmpty()) {
      List<JavaFileObject> sources = new ArrayList<>();
      for (FuzzCase fuzzCase : cases) {
        sources.add(JavaFileObjects.forSourceString(fuzzCase.qualifiedName(), fuzzCase.source()));
        sources.add(JavaFileObjects.forSourceString(fuzzCase.generatedName(),
            acceptedSources.get(fuzzCase)));
      }
      Optional<Compilation> compiled = compile(cases, sources);
      if (compiled.isEmpty()) {
        if (cases.size() > 1) {
          cases.forEach(c -> compileAccepted(Map.of(c, acceptedSources.get(c)), layout));
        }
        return;
      }
      Attribution attribution = new Attribution(cases, compiled.get().diagnostics());
      for (Diagnostic<? extends JavaFileObject> d : attribution.unattributed) {
        if (isError(d) || isWarning(d)) {
          failures.add(new Failure(Optional.empty(), "(c) diagnostic outside every declaration",
              describe(d)));
        }
      }
      List<FuzzCase> broken = new ArrayList<>();
      for (FuzzCase fuzzCase : cases) {
        List<Diagnostic<? extends JavaFileObject>> diagnostics = attribution.byCase.get(fuzzCase);
        diagnostics.stream().filter(d -> isError(d) || isWarning(d)).findFirst().ifPresent(d ->
            fail(fuzzCase, isError(d) ? "(c) accepted declaration does not compile"
                : "(c) accepted declaration compiles with a warning", describe(d)));
        if (diagnostics.stream().anyMatch(DeclarationFuzzer::isError)) {
          broken.add(fuzzCase);
        }
      }
      if (broken.isEmpty() && compiled.get().status() == Compilation.Status.SUCCESS) {
        ClassLoader loader = InMemoryCompiler.loader(compiled.get());
        for (FuzzCase fuzzCase : cases) {
          if (fuzzCase.gradientCheckable() && fuzzCase.network().isPresent()) {
            long start = System.nanoTime();
            checkGradients(fuzzCase, fuzzCase.network().get(), loader, layout);
            gradientNanos += System.nanoTime() - start;
          }
        }
        return;
      }
      if (broken.isEmpty()) {
        return; // an unattributed error, recorded above
      }
      cases.removeAll(broken);
    }
  }

  /** Property (c): the generated gradients of a sample of parameters match the reference. */
  private void checkGradients(FuzzCase fuzzCase, NetworkSpec spec, ClassLoader loader,
      List<String> layout) {
    gradientChecked++;
    String where = " (" + (layout.isEmpty() ? "default layout" : layout.get(0)) + ")";
    try {
      Random random = new Random(seed ^ fuzzCase.index());
      int rows = 1 + random.nextInt(spec.parameterCount() > 10_000 ? 3 : 37);
      NablaModel model = (NablaModel) loader.loadClass(fuzzCase.generatedName())
          .getConstructor(int.class).newInstance(rows);
      if (model.parameterCount() != spec.parameterCount()
          || model.layers().size() != spec.layers().size()) {
        fail(fuzzCase, "(c) generated model is not the declared network", model.layers().size()
            + " layers and " + model.parameterCount() + " parameters, declared "
            + spec.layers().size() + " and " + spec.parameterCount() + where);
        return;
      }
      ReferenceNetwork reference = new ReferenceNetwork(spec);
      float[] x;
      double[] w;
      int draws = 0;
      boolean kinked;
      do { // a point at a ReLU kink has no derivative to compare: draw another
        RandomData.randomizeParameters(model, spec, random);
        x = RandomData.inputs(spec, rows, random);
        w = reference.effectiveWeights(model);
        kinked = reference.nearReluKink(w, x, rows, KINK_MARGIN);
      } while (kinked && ++draws < MAX_DRAWS);
      float[] y = RandomData.targets(spec, rows, random);
      float loss = model.computeGradients(x, y, rows);
      double expectedLoss = reference.loss(w, x, y, rows);
      double slack = floatSumSlack(spec);
      if (!(Math.abs(expectedLoss - loss) <= slack * 1e-4 * (1 + Math.abs(loss)))) {
        fail(fuzzCase, "(c) loss differs from the reference",
            "loss " + loss + ", reference " + expectedLoss + where);
        return;
      }
      if (kinked) {
        // e.g. a coarse quantizer rounds every weight and bias of a ReLU layer to 0, so Z = 0
        // for every input: the loss has no derivative there to compare with.
        atKinkEverywhere++;
        return;
      }
      int[] sample = sample(spec.parameterCount(), random);
      double[] expected = new double[sample.length];
      double largest = 0;
      for (int s = 0; s < sample.length; s++) {
        expected[s] = reference.expectedGradient(model, w, x, y, rows, sample[s]);
        largest = Math.max(largest, Math.abs(expected[s]));
      }
      for (int s = 0; s < sample.length; s++) {
        double actual = model.gradients()[sample[s]];
        double tolerance = slack * (2e-3 * Math.abs(expected[s]) + 1e-4 * largest) + 1e-6;
        if (!(Math.abs(actual - expected[s]) <= tolerance)) {
          fail(fuzzCase, "(c) gradient differs from finite differences", "∂L/∂W′[" + sample[s]
              + "] = " + actual + ", finite differences " + expected[s] + where);
          return;
        }
      }
    } catch (ReflectiveOperationException | RuntimeException | OutOfMemoryError e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      fail(fuzzCase, "(c) generated model throws", cause + where);
    }
  }

  /**
   * How much wider than GradientCheckTest's (fan-in at most 5) the tolerances are: the model sums
   * in float, and a sum over a fan-in of 100 000 carries that much more rounding.
   */
  private static double floatSumSlack(NetworkSpec spec) {
    int widest = 0;
    for (int k = 0; k < spec.layers().size(); k++) {
      widest = Math.max(widest, spec.in(k));
    }
    return Math.max(1, widest / 64.0);
  }

  /** Every index of a small model; otherwise the first, the last and a random sample. */
  private static int[] sample(int parameters, Random random) {
    if (parameters <= SAMPLED_PARAMETERS) {
      return IntStream.range(0, parameters).toArray();
    }
    int[] sample = new int[SAMPLED_PARAMETERS];
    sample[0] = 0;
    sample[1] = parameters - 1;
    for (int s = 2; s < sample.length; s++) {
      sample[s] = random.nextInt(parameters);
    }
    return sample;
  }

  private void fail(FuzzCase fuzzCase, String property, String detail) {
    failures.add(new Failure(Optional.of(fuzzCase), property, detail));
  }
}
