package dev.nabla.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.nabla.Dense;
import dev.nabla.NablaModel;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * A nested model whose layers are named like the generated class's fields, constants, parameters
 * and locals, and one whose members are named like the runtime types and private helpers the
 * generated code uses: the generated code must neither hide them nor be shadowed by them.
 */
class CollisionsTest {
  /** Layer names, in declaration order: every name the generator itself likes to use. */
  private static final List<String> LAYERS = List.of("x", "rows", "r", "i", "o", "w", "b", "z",
      "parameters", "gradients", "targets", "layers", "maxBatch", "loss", "random", "seed",
      "entered", "ownerGuard", "stepGuard", "INPUTS");

  private static final JavaFileObject SOURCE = JavaFileObjects.forSourceLines("collide.Collide",
      "package collide;",
      "",
      "import dev.nabla.*;",
      "",
      "public class Collide {",
      "  @Model(inputs = 3, loss = Loss.SOFTMAX_CROSS_ENTROPY)",
      "  public abstract static class Net {",
      "    /** Not a layer: named like the generated buffer of effective weights. */",
      "    float[] effective;",
      "    @Layer(units = 4, activation = Activation.TANH) Dense x;",
      "    @Layer(units = 3, activation = Activation.RELU) Dense rows;",
      "    @Layer(units = 3) Dense r;",
      "    @Layer(units = 3, activation = Activation.SIGMOID) Dense i;",
      "    @Layer(units = 3) Dense o;",
      "    @Constrained(Constraint.TANH) @Layer(units = 3) Dense w;",
      "    @Quantized(step = 0.05) @Layer(units = 3) Dense b;",
      "    @Layer(units = 3, bias = false) Dense z;",
      "    @Layer(units = 3) Dense parameters;",
      "    @Layer(units = 3) Dense gradients;",
      "    @Layer(units = 3) Dense targets;",
      "    @Layer(units = 3) Dense layers;",
      "    @Layer(units = 3) Dense maxBatch;",
      "    @Layer(units = 3) Dense loss;",
      "    @Layer(units = 3) Dense random;",
      "    @Layer(units = 3) Dense seed;",
      "    @Layer(units = 3) Dense entered;",
      "    @Layer(units = 3) Dense ownerGuard;",
      "    @Layer(units = 3) Dense stepGuard;",
      "    @Layer(units = 2) Dense INPUTS;",
      "  }",
      "}");

  @Test
  void layersNamedLikeGeneratedIdentifiersCompileWithoutWarnings() {
    assertThat(Compilers.javac().compile(SOURCE)).succeededWithoutWarnings();
  }

  @Test
  void generatedModelRunsAndAssignsTheUserFields() throws Exception {
    Compilation compilation = Compilers.javac().compile(SOURCE);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("collide.Collide_NetModel");

    ClassLoader loader = Compilers.classLoader(compilation);
    Class<?> type = loader.loadClass("collide.Collide_NetModel");
    NablaModel model = (NablaModel) type.getConstructor(int.class).newInstance(1);

    assertThat(model.inputs()).isEqualTo(3);
    assertThat(model.outputs()).isEqualTo(2);
    float[] out = model.forward(new float[] {0.5f, -1f, 2f}, 1);
    for (int k = 0; k < model.outputs(); k++) {
      assertThat(Float.isFinite(out[k])).isTrue();
    }
    float[] probabilities = model.predict(new float[] {0.5f, -1f, 2f}, 1);
    assertThat(probabilities[0] + probabilities[1]).isWithin(1e-5f).of(1f);
    float loss = model.computeGradients(new float[] {0.5f, -1f, 2f}, new int[] {1}, 1);
    assertThat(Float.isFinite(loss)).isTrue();

    // Every user field holds the layer the model lists, in declaration order.
    Class<?> declaring = loader.loadClass("collide.Collide$Net");
    List<String> names = new ArrayList<>();
    for (int k = 0; k < LAYERS.size(); k++) {
      Field field = declaring.getDeclaredField(LAYERS.get(k));
      field.setAccessible(true);
      Dense layer = (Dense) field.get(model);
      assertThat(layer).isSameInstanceAs(model.layers().get(k));
      names.add(layer.name());
    }
    assertThat(names).containsExactlyElementsIn(LAYERS).inOrder();
    // The user's own 'effective' is left alone; the generated buffer got another name.
    Field effective = declaring.getDeclaredField("effective");
    effective.setAccessible(true);
    assertThat(effective.get(model)).isNull();
    assertThat(model.maxBatch()).isEqualTo(1);
  }

  /**
   * Nested types and fields named like the runtime types the generated code refers to (a field
   * wins over a type of the same simple name in an expression), and methods with the names and
   * signatures of the generated private helpers.
   */
  private static final JavaFileObject RUNTIME_NAMES = JavaFileObjects.forSourceLines(
      "collide.Shadows",
      "package collide;",
      "",
      "import dev.nabla.*;",
      "",
      "@Model(inputs = 3, loss = Loss.SOFTMAX_CROSS_ENTROPY)",
      "public abstract class Shadows extends ShadowsBase {",
      "  static class Kernels {}",
      "  static class Override {}",
      "  interface List {}",
      "  enum Loss { NONE }",
      "  int Objects;",
      "  String ModelInputs = \"mine\";",
      "  @Layer(units = 4, activation = Activation.TANH) Dense Init;",
      "  @Quantized(step = 0.25) @Layer(units = 2) Dense WeightMaps;",
      "  void forwardPass(float[] x, int rows) {",
      "    throw new IllegalStateException(\"the user's forwardPass\");",
      "  }",
      "  static float[] oneHot(int[] labels, int rows) {",
      "    throw new IllegalStateException(\"the user's oneHot\");",
      "  }",
      "}",
      "",
      "abstract class ShadowsBase {",
      "  static class Arrays {}",
      "  protected float backwardPass(float[] x, float[] targets, int rows) {",
      "    throw new IllegalStateException(\"the user's backwardPass\");",
      "  }",
      "}");

  @Test
  void membersNamedLikeRuntimeTypesAndHelpersCompileUnderWerrorAndRun() {
    Compilation compilation = Compilers.javac("-Werror").compile(RUNTIME_NAMES);
    assertThat(compilation).succeededWithoutWarnings();
    NablaModel model = newModel(compilation, "collide.ShadowsModel");
    float[] x = {0.5f, -1f, 2f, 1f, 0f, -2f};
    int[] labels = {1, 0};
    float first = model.trainStep(x, labels, 2, new dev.nabla.optim.Sgd(0.1));
    float second = model.trainStep(x, labels, 2, new dev.nabla.optim.Sgd(0.1));
    assertThat(Float.isFinite(first)).isTrue();
    assertThat(second).isLessThan(first);
    assertThat(model.predict(x, 2)).hasLength(model.maxBatch() * model.outputs());
  }

  /**
   * What the user deprecated, the model must still use; a Serializable model class makes the
   * generated class serializable too: no warning on the generated code either way.
   */
  @Test
  void deprecatedOrSerializableModelsCompileUnderWerror() {
    JavaFileObject source = JavaFileObjects.forSourceLines("collide.Old",
        "package collide;",
        "",
        "import dev.nabla.*;",
        "",
        "@Deprecated",
        "public class Old {",
        "  @Model(inputs = 2, loss = Loss.MEAN_SQUARED_ERROR)",
        "  public abstract static class Net {",
        "    @Deprecated Net() {}",
        "    @Deprecated(forRemoval = true) @Layer(units = 3) Dense hidden;",
        "    @Layer(units = 1) Dense output;",
        "  }",
        "}");
    JavaFileObject serializable = JavaFileObjects.forSourceLines("collide.Saved",
        "package collide;",
        "",
        "import dev.nabla.*;",
        "",
        "@Model(inputs = 2, loss = Loss.MEAN_SQUARED_ERROR)",
        "public abstract class Saved implements java.io.Serializable {",
        "  private static final long serialVersionUID = 1L;",
        "  @Layer(units = 1) transient Dense output;",
        "}");
    Compilation compilation = Compilers.javac("-Werror").compile(source, serializable);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(newModel(compilation, "collide.Old_NetModel").layers()).hasSize(2);
    assertThat(newModel(compilation, "collide.SavedModel").layers()).hasSize(1);
  }

  private static NablaModel newModel(Compilation compilation, String name) {
    try {
      return (NablaModel) Compilers.classLoader(compilation).loadClass(name)
          .getConstructor(int.class).newInstance(2);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }
}
