package dev.nabla.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.nabla.internal.DenseShape;
import dev.nabla.processor.model.NetworkModel;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Sizes a model may have: parameters counted in long up to the longest Java array (the refusals
 * are in {@code DiagnosticsTest.tooManyParameters}), and a maxBatch whose buffers fit one.
 */
class SizeLimitsTest {
  private static JavaFileObject source(String name, String... lines) {
    StringBuilder text = new StringBuilder("package sizes;\n\nimport dev.nabla.*;\n\n");
    for (String line : lines) {
      text.append(line).append('\n');
    }
    return JavaFileObjects.forSourceString("sizes." + name, text.toString());
  }

  private static Class<?> compileModel(JavaFileObject source, String model) throws Exception {
    Compilation compilation = Compilers.javac().compile(source);
    assertThat(compilation).succeededWithoutWarnings();
    return Compilers.classLoader(compilation).loadClass("sizes." + model);
  }

  private static int constant(Class<?> type, String name) throws ReflectiveOperationException {
    return type.getField(name).getInt(null);
  }

  /** 2 × 1 073 741 819 = 2 147 483 638 parameters: one below the limit, so it compiles. */
  @Test
  void theLargestParameterCountCompilesWithExactConstants() throws Exception {
    Class<?> model = compileModel(source("Widest",
        "@Model(inputs = 1, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Widest {",
        "  @Layer(units = 1073741819) Dense half;",
        "}"), "WidestModel");
    assertThat(constant(model, "PARAMETER_COUNT")).isEqualTo(2_147_483_638);
    Field half = model.getDeclaredField("HALF");
    half.setAccessible(true);
    assertThat(((DenseShape) half.get(null)).biasOffset()).isEqualTo(1_073_741_819);
    assertThat(constant(model, "MAX_BATCH_LIMIT")).isEqualTo(2);
  }

  /**
   * 784 → 256 → 10: 256 floats per row in the widest buffers, so at most 8 388 607 rows; at
   * 1 << 24 rows the products wrapped to 0 and the buffers were empty.
   */
  @Test
  void constructorRefusesABatchWhoseBuffersWouldOverflow() throws Exception {
    Class<?> model = compileModel(source("Mlp",
        "@Model(inputs = 784, loss = Loss.SOFTMAX_CROSS_ENTROPY)",
        "abstract class Mlp {",
        "  @Layer(units = 256, activation = Activation.RELU) Dense hidden;",
        "  @Layer(units = 10) Dense logits;",
        "}"), "MlpModel");
    int limit = constant(model, "MAX_BATCH_LIMIT");
    assertThat(limit).isEqualTo(NetworkModel.MAX_ARRAY_LENGTH / 256);
    assertThat((long) limit * 256).isAtMost(NetworkModel.MAX_ARRAY_LENGTH);
    assertThat((long) (limit + 1) * 256).isGreaterThan((long) NetworkModel.MAX_ARRAY_LENGTH);
    Constructor<?> constructor = model.getConstructor(int.class);
    for (int maxBatch : new int[] {limit + 1, 1 << 24, Integer.MAX_VALUE}) {
      InvocationTargetException thrown = assertThrows(InvocationTargetException.class,
          () -> constructor.newInstance(maxBatch));
      assertThat(thrown.getCause()).isInstanceOf(IllegalArgumentException.class);
      assertThat(thrown.getCause()).hasMessageThat().isEqualTo("maxBatch must be at most "
          + "MAX_BATCH_LIMIT = 8388607, the largest whose buffers fit a Java array, got "
          + maxBatch);
    }
  }

  /** Feature-major, Xᵀ holds the inputs per row: here the widest buffer. */
  @Test
  void featureMajorLimitCountsTheInputPlanes() throws Exception {
    Class<?> model = compileModel(source("Narrow",
        "@Model(inputs = 12, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Narrow {",
        "  @Layer(units = 3, activation = Activation.TANH) Dense hidden;",
        "  @Layer(units = 2) Dense output;",
        "}"), "NarrowModel");
    assertThat(constant(model, "MAX_BATCH_LIMIT")).isEqualTo(NetworkModel.MAX_ARRAY_LENGTH / 12);
  }
}
