package golden;

import dev.nabla.Dense;
import dev.nabla.Loss;
import dev.nabla.ModelInputs;
import dev.nabla.NablaModel;
import dev.nabla.init.Init;
import dev.nabla.kernel.Kernels;
import dev.nabla.optim.Optimizer;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import javax.annotation.processing.Generated;

/**
 * Generated from {@link Outer.Net}: 3 → 4 tanh → 1, MEAN_SQUARED_ERROR.
 *
 * <p>Parameters live in one flat buffer; each layer's W (in × units) is row-major and its bias
 * follows it, so [W; b] is the layer's augmented matrix.
 */
@Generated(
        value = "dev.nabla.processor.NablaProcessor",
        comments = "Forward and backward pass derived by Nabla; do not edit"
)
public final class Outer_NetModel extends Outer.Net implements NablaModel {
    /**
     * Width of one input row.
     */
    public static final int INPUTS = 3;

    /**
     * Width of one output row.
     */
    public static final int OUTPUTS = 1;

    /**
     * Number of trained parameters, all layers together.
     */
    public static final int PARAMETER_COUNT = 20;

    /**
     * Input width of 'hidden'.
     */
    public static final int HIDDEN_IN = 3;

    /**
     * Units of 'hidden'.
     */
    public static final int HIDDEN_UNITS = 4;

    /**
     * Offset of 'hidden' W (3×4).
     */
    public static final int HIDDEN_WEIGHTS = 0;

    /**
     * Offset of 'hidden' b (4).
     */
    public static final int HIDDEN_BIAS = 12;

    /**
     * Input width of 'output'.
     */
    public static final int OUTPUT_IN = 4;

    /**
     * Units of 'output'.
     */
    public static final int OUTPUT_UNITS = 1;

    /**
     * Offset of 'output' W (4×1).
     */
    public static final int OUTPUT_WEIGHTS = 16;

    private final int maxBatch;

    /**
     * Free parameters W′ of every layer: what the optimizer trains.
     */
    private final float[] parameters = new float[PARAMETER_COUNT];

    /**
     * ∂L/∂W′, same layout as the parameters.
     */
    private final float[] gradients = new float[PARAMETER_COUNT];

    /**
     * Z, then A = activation(Z) in place, of 'hidden', rows × units.
     */
    private final float[] hiddenOut;

    /**
     * dA, then dZ in place, of 'hidden'.
     */
    private final float[] hiddenDelta;

    /**
     * Z, then A = activation(Z) in place, of 'output', rows × units.
     */
    private final float[] outputOut;

    /**
     * dA, then dZ in place, of 'output'.
     */
    private final float[] outputDelta;

    /**
     * One-hot targets built from class labels.
     */
    private final float[] targets;

    private final List<Dense> layers;

    /**
     * Allocates every buffer for batches of up to {@code maxBatch} rows and initializes the
     * parameters with {@link #initialize(long) initialize(0)}.
     */
    public Outer_NetModel(int maxBatch) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1, got " + maxBatch);
        }
        this.maxBatch = maxBatch;
        this.hiddenOut = new float[maxBatch * HIDDEN_UNITS];
        this.hiddenDelta = new float[maxBatch * HIDDEN_UNITS];
        this.outputOut = new float[maxBatch * OUTPUT_UNITS];
        this.outputDelta = new float[maxBatch * OUTPUT_UNITS];
        this.targets = new float[maxBatch * OUTPUTS];
        this.hidden = new Dense(this, "hidden", HIDDEN_IN, HIDDEN_UNITS, true, HIDDEN_WEIGHTS, parameters, parameters);
        this.output = new Dense(this, "output", OUTPUT_IN, OUTPUT_UNITS, false, OUTPUT_WEIGHTS, parameters, parameters);
        this.layers = List.of(hidden, output);
        initialize(0L);
    }

    /**
     * Draws every W′ from {@code seed} (He-normal before ReLU, Xavier-uniform otherwise) and sets
     * every b′ to 0. Replace per layer with {@link Dense#initialize}.
     */
    public void initialize(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        hidden.initialize(Init.xavierUniform(), Init.zeros(), random);
        output.initialize(Init.xavierUniform(), Init.zeros(), random);
    }

    @Override
    public int inputs() {
        return INPUTS;
    }

    @Override
    public int outputs() {
        return OUTPUTS;
    }

    @Override
    public int maxBatch() {
        return maxBatch;
    }

    @Override
    public int parameterCount() {
        return PARAMETER_COUNT;
    }

    @Override
    public float[] parameters() {
        return parameters;
    }

    @Override
    public float[] gradients() {
        return gradients;
    }

    @Override
    public List<Dense> layers() {
        return layers;
    }

    @Override
    public Loss loss() {
        return Loss.MEAN_SQUARED_ERROR;
    }

    @Override
    public void parametersChanged() {
        // No constrained or quantized layer: the forward pass reads W′ itself.
    }

    @Override
    public float[] forward(float[] x, int rows) {
        ModelInputs.checkRows(rows, maxBatch);
        ModelInputs.checkMatrix("x", x, rows, INPUTS);
        forwardPass(x, rows);
        return outputOut;
    }

    @Override
    public float[] predict(float[] x, int rows) {
        ModelInputs.checkRows(rows, maxBatch);
        ModelInputs.checkMatrix("x", x, rows, INPUTS);
        forwardPass(x, rows);
        return outputOut;
    }

    @Override
    public void predictClasses(float[] x, int rows, int[] classes) {
        ModelInputs.checkRows(rows, maxBatch);
        ModelInputs.checkMatrix("x", x, rows, INPUTS);
        if (classes.length < rows) {
            throw new IllegalArgumentException("classes has length " + classes.length + " but rows is " + rows);
        }
        forwardPass(x, rows);
        for (int r = 0; r < rows; r++) {
            classes[r] = ModelInputs.argMax(outputOut, r * OUTPUTS, OUTPUTS);
        }
    }

    @Override
    public int predictClass(float[] x) {
        ModelInputs.checkMatrix("x", x, 1, INPUTS);
        forwardPass(x, 1);
        return ModelInputs.argMax(outputOut, 0, OUTPUTS);
    }

    @Override
    public float loss(float[] x, float[] targets, int rows) {
        ModelInputs.checkRows(rows, maxBatch);
        ModelInputs.checkMatrix("x", x, rows, INPUTS);
        ModelInputs.checkMatrix("targets", targets, rows, OUTPUTS);
        forwardPass(x, rows);
        return outputLoss(targets, rows, null);
    }

    @Override
    public float loss(float[] x, int[] labels, int rows) {
        return loss(x, oneHot(labels, rows), rows);
    }

    @Override
    public float computeGradients(float[] x, float[] targets, int rows) {
        ModelInputs.checkRows(rows, maxBatch);
        ModelInputs.checkMatrix("x", x, rows, INPUTS);
        ModelInputs.checkMatrix("targets", targets, rows, OUTPUTS);
        forwardPass(x, rows);
        return backwardPass(x, targets, rows);
    }

    @Override
    public float computeGradients(float[] x, int[] labels, int rows) {
        return computeGradients(x, oneHot(labels, rows), rows);
    }

    @Override
    public float trainStep(float[] x, float[] targets, int rows, Optimizer optimizer) {
        Objects.requireNonNull(optimizer, "optimizer");
        float loss = computeGradients(x, targets, rows);
        optimizer.step(parameters, gradients, PARAMETER_COUNT);
        parametersChanged();
        return loss;
    }

    @Override
    public float trainStep(float[] x, int[] labels, int rows, Optimizer optimizer) {
        return trainStep(x, oneHot(labels, rows), rows, optimizer);
    }

    private float[] oneHot(int[] labels, int rows) {
        ModelInputs.checkRows(rows, maxBatch);
        ModelInputs.oneHot(labels, rows, OUTPUTS, targets);
        return targets;
    }

    private void forwardPass(float[] x, int rows) {
        // hidden (3 → 4): Z = X·W + 1·bᵀ
        forwardHidden(x, rows);
        // A = tanh(Z)
        Kernels.tanh(hiddenOut, hiddenOut, rows * HIDDEN_UNITS);
        // output (4 → 1): Z = X·W
        forwardOutput(hiddenOut, rows);
    }

    /**
     * Z = X·W + 1·bᵀ for 'hidden', unrolled: W is 3×4, so every dot product is written out, with
     * W held in locals for the whole batch.
     */
    private void forwardHidden(float[] x, int rows) {
        float[] w = parameters;
        float w0 = w[0];
        float w1 = w[1];
        float w2 = w[2];
        float w3 = w[3];
        float w4 = w[4];
        float w5 = w[5];
        float w6 = w[6];
        float w7 = w[7];
        float w8 = w[8];
        float w9 = w[9];
        float w10 = w[10];
        float w11 = w[11];
        float[] b = parameters;
        float b0 = b[12];
        float b1 = b[13];
        float b2 = b[14];
        float b3 = b[15];
        float[] z = hiddenOut;
        for (int r = 0; r < rows; r++) {
            int i = r * 3;
            int o = r * 4;
            float x0 = x[i];
            float x1 = x[i + 1];
            float x2 = x[i + 2];
            z[o] = b0 + x0 * w0 + x1 * w4 + x2 * w8;
            z[o + 1] = b1 + x0 * w1 + x1 * w5 + x2 * w9;
            z[o + 2] = b2 + x0 * w2 + x1 * w6 + x2 * w10;
            z[o + 3] = b3 + x0 * w3 + x1 * w7 + x2 * w11;
        }
    }

    /**
     * Backward pass of 'hidden', unrolled: dZ = dA ⊙ (1 − A²), ∇W = Xᵀ·dZ, ∇b = 1ᵀ·dZ.
     */
    private void backwardHidden(float[] x, int rows) {
        float[] delta = hiddenDelta;
        float[] a = hiddenOut;
        float gw0 = 0f;
        float gw1 = 0f;
        float gw2 = 0f;
        float gw3 = 0f;
        float gw4 = 0f;
        float gw5 = 0f;
        float gw6 = 0f;
        float gw7 = 0f;
        float gw8 = 0f;
        float gw9 = 0f;
        float gw10 = 0f;
        float gw11 = 0f;
        float gb0 = 0f;
        float gb1 = 0f;
        float gb2 = 0f;
        float gb3 = 0f;
        for (int r = 0; r < rows; r++) {
            int i = r * 3;
            int o = r * 4;
            float d0 = delta[o] * (1f - a[o] * a[o]);
            float d1 = delta[o + 1] * (1f - a[o + 1] * a[o + 1]);
            float d2 = delta[o + 2] * (1f - a[o + 2] * a[o + 2]);
            float d3 = delta[o + 3] * (1f - a[o + 3] * a[o + 3]);
            float x0 = x[i];
            gw0 += x0 * d0;
            gw1 += x0 * d1;
            gw2 += x0 * d2;
            gw3 += x0 * d3;
            float x1 = x[i + 1];
            gw4 += x1 * d0;
            gw5 += x1 * d1;
            gw6 += x1 * d2;
            gw7 += x1 * d3;
            float x2 = x[i + 2];
            gw8 += x2 * d0;
            gw9 += x2 * d1;
            gw10 += x2 * d2;
            gw11 += x2 * d3;
            gb0 += d0;
            gb1 += d1;
            gb2 += d2;
            gb3 += d3;
        }
        float[] g = gradients;
        g[0] = gw0;
        g[1] = gw1;
        g[2] = gw2;
        g[3] = gw3;
        g[4] = gw4;
        g[5] = gw5;
        g[6] = gw6;
        g[7] = gw7;
        g[8] = gw8;
        g[9] = gw9;
        g[10] = gw10;
        g[11] = gw11;
        g[12] = gb0;
        g[13] = gb1;
        g[14] = gb2;
        g[15] = gb3;
    }

    /**
     * Z = X·W for 'output', unrolled: W is 4×1, so every dot product is written out, with
     * W held in locals for the whole batch.
     */
    private void forwardOutput(float[] x, int rows) {
        float[] w = parameters;
        float w0 = w[16];
        float w1 = w[17];
        float w2 = w[18];
        float w3 = w[19];
        float[] z = outputOut;
        for (int r = 0; r < rows; r++) {
            int i = r * 4;
            int o = r * 1;
            float x0 = x[i];
            float x1 = x[i + 1];
            float x2 = x[i + 2];
            float x3 = x[i + 3];
            z[o] = x0 * w0 + x1 * w1 + x2 * w2 + x3 * w3;
        }
    }

    /**
     * Backward pass of 'output', unrolled: ∇W = Xᵀ·dZ, dX = dZ·Wᵀ.
     */
    private void backwardOutput(float[] x, int rows) {
        float[] delta = outputDelta;
        float[] w = parameters;
        float w0 = w[16];
        float w1 = w[17];
        float w2 = w[18];
        float w3 = w[19];
        float[] dx = hiddenDelta;
        float gw0 = 0f;
        float gw1 = 0f;
        float gw2 = 0f;
        float gw3 = 0f;
        for (int r = 0; r < rows; r++) {
            int i = r * 4;
            int o = r * 1;
            float d0 = delta[o];
            float x0 = x[i];
            gw0 += x0 * d0;
            float x1 = x[i + 1];
            gw1 += x1 * d0;
            float x2 = x[i + 2];
            gw2 += x2 * d0;
            float x3 = x[i + 3];
            gw3 += x3 * d0;
            dx[i] = d0 * w0;
            dx[i + 1] = d0 * w1;
            dx[i + 2] = d0 * w2;
            dx[i + 3] = d0 * w3;
        }
        float[] g = gradients;
        g[16] = gw0;
        g[17] = gw1;
        g[18] = gw2;
        g[19] = gw3;
    }

    /**
     * The mean loss of the last forward pass; writes its gradient into {@code delta} unless null.
     */
    private float outputLoss(float[] targets, int rows, float[] delta) {
        // L = Σ (A − Y)² / (m·n);  dA = 2(A − Y) / (m·n)
        return Kernels.meanSquaredError(outputOut, targets, delta, rows, OUTPUTS);
    }

    /**
     * Backpropagation through the layers of the last forward pass; returns the loss.
     */
    private float backwardPass(float[] x, float[] targets, int rows) {
        float loss = outputLoss(targets, rows, outputDelta);
        // output: ∇W = Xᵀ·dZ, dX = dZ·Wᵀ
        backwardOutput(hiddenOut, rows);
        // hidden: dZ = dA ⊙ (1 − A²), ∇W = Xᵀ·dZ, ∇b = 1ᵀ·dZ
        backwardHidden(x, rows);
        return loss;
    }
}
