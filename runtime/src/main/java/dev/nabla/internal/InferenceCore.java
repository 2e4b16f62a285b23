package dev.nabla.internal;

import dev.nabla.LayerWeights;
import dev.nabla.Loss;
import dev.nabla.NablaInference;
import dev.nabla.Precision;
import dev.nabla.internal.kernel.Float16Weights;
import dev.nabla.internal.kernel.FrozenWeights;
import dev.nabla.internal.kernel.Int8Weights;
import dev.nabla.internal.kernel.KernelOps;
import java.util.List;
import java.util.Objects;

/**
 * Everything a generated inference object does that does not depend on its layers: the weights
 * frozen in the chosen precision, per-thread working memory, the argument checks, tiling, softmax
 * and arg-max. A generated {@code <Model>Inference} extends it with its shapes and its forward
 * pass. Not API.
 *
 * <p>Thread safety: every field is final and the weights are immutable after construction; the
 * only per-call state is the calling thread's {@link Workspace}.
 */
public abstract class InferenceCore implements NablaInference {
  /**
   * Rows per tile of a batch: the working memory of a thread holds one tile. 128 rows cost no
   * more than one 256-row product on the Fashion MLP and keep a thread's workspace at 150 KB
   * (bench/RESULTS.md, "Inference tile size").
   */
  public static final int TILE_ROWS = 128;

  private final int inputs;
  private final int outputs;
  private final Loss loss;
  private final Precision precision;
  private final DenseShape[] shapes;
  private final FrozenWeights[] weights;
  private final ThreadLocal<Workspace> workspaces;

  /**
   * Checks {@code layers} against {@code shapes} (count, names, widths, bias, finite values) and
   * freezes them in {@code precision}; {@code model} names the class in messages.
   */
  protected InferenceCore(String model, int inputs, int outputs, Loss loss, Precision precision,
      List<LayerWeights> layers, DenseShape... shapes) {
    Objects.requireNonNull(precision, "precision");
    Objects.requireNonNull(layers, "layers");
    if (layers.size() != shapes.length) {
      throw new IllegalArgumentException(model + " has " + shapes.length + " layers, got weights"
          + " for " + layers.size());
    }
    for (int k = 0; k < shapes.length; k++) {
      check(shapes[k], Objects.requireNonNull(layers.get(k), "layers[" + k + "]"));
    }
    this.inputs = inputs;
    this.outputs = outputs;
    this.loss = loss;
    this.precision = precision;
    this.shapes = shapes.clone();
    this.weights = new FrozenWeights[shapes.length];
    // What follows each layer's W in a trainable model's parameters: its b, the later layers.
    long trailing = 0;
    for (int k = shapes.length - 1; k >= 0; k--) {
      DenseShape shape = shapes[k];
      trailing += shape.hasBias() ? shape.units() : 0;
      weights[k] = freeze(shape, layers.get(k), precision, trailing);
      trailing += (long) shape.in() * shape.units();
    }
    this.workspaces = ThreadLocal.withInitial(() -> new Workspace(this.shapes, outputs));
  }

  private static void check(DenseShape shape, LayerWeights layer) {
    String what = "layer " + shape.index() + " '" + shape.name() + "'";
    if (!shape.name().equals(layer.name())) {
      throw new IllegalArgumentException(what + ": got the weights of a layer named '"
          + layer.name() + "'");
    }
    if (layer.in() != shape.in() || layer.units() != shape.units()) {
      throw new IllegalArgumentException(what + " is " + shape.in() + "×" + shape.units()
          + ", got weights of " + layer.in() + "×" + layer.units());
    }
    if (shape.hasBias() != (layer.bias() != null)) {
      throw new IllegalArgumentException(what + (shape.hasBias() ? " has a bias, got none"
          : " has no bias, got one"));
    }
    ModelInputs.checkMatrix(what + " W", layer.weights(), shape.in(), shape.units());
    if (layer.bias() != null) {
      ModelInputs.checkMatrix(what + " b", layer.bias(), 1, shape.units());
    }
  }

  /**
   * {@code trailing}: the floats after W in a trainable model's parameters, so that float32
   * products are the model's bit for bit (see {@link KernelOps#float32Weights}). A quantized
   * layer's step is its int8 scale when W lies on its grid, so int8 stores it exactly.
   */
  private static FrozenWeights freeze(DenseShape shape, LayerWeights layer, Precision precision,
      long trailing) {
    return switch (precision) {
      case FLOAT32 -> KernelOps.float32Weights(layer.weights(), layer.bias(), layer.in(),
          layer.units(), trailing);
      case FLOAT16 -> Float16Weights.round(layer.weights(), 0, layer.bias(), 0, layer.in(),
          layer.units());
      case INT8 -> Int8Weights.quantize(layer.weights(), 0, layer.bias(), 0, layer.in(),
          layer.units(), shape.quantizer() == null ? 0f : (float) shape.quantizer().step());
    };
  }

  // ------------------------------------------------------------- the generated part

  /**
   * Runs the layers on {@code rows} ≤ {@link #TILE_ROWS} + {@link KernelOps#SAME_PATH_ROWS} rows
   * of {@code x} from {@code xOff}, already checked, leaving the output layer's A in {@code work}.
   */
  protected abstract void forwardPass(Workspace work, float[] x, int xOff, int rows);

  /** Z = X·W + 1·bᵀ of the first layer, X being {@code rows} rows of {@code x} from {@code xOff}. */
  protected final void dense(DenseShape layer, float[] x, int xOff, Workspace work, int rows) {
    weights[layer.index()].multiply(x, xOff, rows, work.outputs[layer.index()], 0);
  }

  /** Z = X·W + 1·bᵀ of {@code layer}, X being the A of {@code input}, the layer before. */
  protected final void dense(DenseShape layer, DenseShape input, Workspace work, int rows) {
    dense(layer, work.outputs[input.index()], 0, work, rows);
  }

  /** A = activation(Z) of {@code layer}, in place. */
  protected static void activate(DenseShape layer, Workspace work, int rows) {
    float[] z = work.outputs[layer.index()];
    NetworkCore.activate(layer, z, z, rows);
  }

  /** One thread's working memory: each layer's Z, then A, for one tile; probabilities. */
  protected static final class Workspace {
    private final float[][] outputs;
    private final float[] probabilities;

    private Workspace(DenseShape[] shapes, int outputs) {
      int rows = TILE_ROWS + KernelOps.SAME_PATH_ROWS;
      this.outputs = new float[shapes.length][];
      for (DenseShape shape : shapes) {
        this.outputs[shape.index()] = new float[rows * shape.units()];
      }
      this.probabilities = new float[rows * outputs];
    }
  }

  // ------------------------------------------------------------- NablaInference

  @Override
  public final int inputs() {
    return inputs;
  }

  @Override
  public final int outputs() {
    return outputs;
  }

  @Override
  public final Precision precision() {
    return precision;
  }

  /** The loss of the model this network was declared with: its output head. */
  public final Loss loss() {
    return loss;
  }

  /** The layers as declared, constraint and quantizer included. */
  public final List<DenseShape> shapes() {
    return List.of(shapes);
  }

  /** Layer {@code index}'s weights as this object stores them, for weights files. */
  public final FrozenWeights frozenWeights(int index) {
    return weights[index];
  }

  @Override
  public final long weightBytes() {
    long bytes = 0;
    for (FrozenWeights layer : weights) {
      bytes += layer.bytes();
    }
    return bytes;
  }

  @Override
  public final void predict(float[] x, int rows, float[] out) {
    checkInput(x, rows);
    ModelInputs.checkOutput("out", out, rows, outputs);
    Workspace work = workspaces.get();
    for (int first = 0; first < rows; ) {
      int tile = tileRows(rows - first);
      float[] y = run(work, x, first, tile);
      if (loss == Loss.SOFTMAX_CROSS_ENTROPY) {
        KernelOps.softmax(y, work.probabilities, tile, outputs);
        y = work.probabilities;
      }
      System.arraycopy(y, 0, out, first * outputs, tile * outputs);
      first += tile;
    }
  }

  @Override
  public final int predictClass(float[] x) {
    ModelInputs.checkMatrix("x", x, 1, inputs);
    return ModelInputs.argMax(run(workspaces.get(), x, 0, 1), 0, outputs);
  }

  @Override
  public final void predictClasses(float[] x, int rows, int[] classes) {
    checkInput(x, rows);
    ModelInputs.checkClasses(classes, rows);
    Workspace work = workspaces.get();
    for (int first = 0; first < rows; ) {
      int tile = tileRows(rows - first);
      float[] y = run(work, x, first, tile);
      for (int r = 0; r < tile; r++) {
        classes[first + r] = ModelInputs.argMax(y, r * outputs, outputs);
      }
      first += tile;
    }
  }

  /**
   * Rows of the next tile when {@code left} remain: a remainder too short for the batch kernels'
   * path joins the tile before it, so every row is computed as in one product of all rows.
   */
  private static int tileRows(int left) {
    return left < TILE_ROWS + KernelOps.SAME_PATH_ROWS ? left : TILE_ROWS;
  }

  /** The output layer's A for rows [first, first + tile) of x. */
  private float[] run(Workspace work, float[] x, int first, int tile) {
    forwardPass(work, x, first * inputs, tile);
    return work.outputs[shapes.length - 1];
  }

  private void checkInput(float[] x, int rows) {
    if (rows < 1) {
      throw new IllegalArgumentException("rows must be at least 1, got " + rows);
    }
    ModelInputs.checkMatrix("x", x, rows, inputs);
  }
}
