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
 * and locals: the generated code must neither hide them nor be shadowed by them.
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
}
