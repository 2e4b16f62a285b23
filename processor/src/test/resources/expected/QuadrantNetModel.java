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
 * Generated from {@link QuadrantNet}: 2 → 3 sigmoid → 3 sigmoid → 4 sigmoid, BINARY_CROSS_ENTROPY.
 *
 * <p>Parameters live in one flat buffer; each layer's W (in × units) is row-major and its bias
 * follows it, so [W; b] is the layer's augmented matrix.
 */
@Generated(
        value = "dev.nabla.processor.NablaProcessor",
        comments = "Forward and backward pass derived by Nabla; do not edit"
)
public final class QuadrantNetModel extends QuadrantNet implements NablaModel {
    /**
     * Width of one input row.
     */
    public static final int INPUTS = 2;

    /**
     * Width of one output row.
     */
    public static final int OUTPUTS = 4;

    /**
     * Number of trained parameters, all layers together.
     */
    public static final int PARAMETER_COUNT = 37;

    /**
     * Input width of 'hidden1'.
     */
    public static final int HIDDEN1_IN = 2;

    /**
     * Units of 'hidden1'.
     */
    public static final int HIDDEN1_UNITS = 3;

    /**
     * Offset of 'hidden1' W (2×3).
     */
    public static final int HIDDEN1_WEIGHTS = 0;

    /**
     * Offset of 'hidden1' b (3).
     */
    public static final int HIDDEN1_BIAS = 6;

    /**
     * Input width of 'hidden2'.
     */
    public static final int HIDDEN2_IN = 3;

    /**
     * Units of 'hidden2'.
     */
    public static final int HIDDEN2_UNITS = 3;

    /**
     * Offset of 'hidden2' W (3×3).
     */
    public static final int HIDDEN2_WEIGHTS = 9;

    /**
     * Offset of 'hidden2' b (3).
     */
    public static final int HIDDEN2_BIAS = 18;

    /**
     * Input width of 'output'.
     */
    public static final int OUTPUT_IN = 3;

    /**
     * Units of 'output'.
     */
    public static final int OUTPUT_UNITS = 4;

    /**
     * Offset of 'output' W (3×4).
     */
    public static final int OUTPUT_WEIGHTS = 21;

    /**
     * Offset of 'output' b (4).
     */
    public static final int OUTPUT_BIAS = 33;

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
     * Z, then A = activation(Z) in place, of 'hidden1', rows × units.
     */
    private final float[] hidden1Out;

    /**
     * dA, then dZ in place, of 'hidden1'.
     */
    private final float[] hidden1Delta;

    /**
     * Z, then A = activation(Z) in place, of 'hidden2', rows × units.
     */
    private final float[] hidden2Out;

    /**
     * dA, then dZ in place, of 'hidden2'.
     */
    private final float[] hidden2Delta;

    /**
     * Z = X·W + b of 'output', rows × units.
     */
    private final float[] outputLogits;

    /**
     * A = σ(Z) of 'output', rows × units.
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
    public QuadrantNetModel(int maxBatch) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1, got " + maxBatch);
        }
        this.maxBatch = maxBatch;
        this.hidden1Out = new float[maxBatch * HIDDEN1_UNITS];
        this.hidden1Delta = new float[maxBatch * HIDDEN1_UNITS];
        this.hidden2Out = new float[maxBatch * HIDDEN2_UNITS];
        this.hidden2Delta = new float[maxBatch * HIDDEN2_UNITS];
        this.outputLogits = new float[maxBatch * OUTPUT_UNITS];
        this.outputOut = new float[maxBatch * OUTPUT_UNITS];
        this.outputDelta = new float[maxBatch * OUTPUT_UNITS];
        this.targets = new float[maxBatch * OUTPUTS];
        this.hidden1 = new Dense(this, "hidden1", HIDDEN1_IN, HIDDEN1_UNITS, true, HIDDEN1_WEIGHTS, parameters, parameters);
        this.hidden2 = new Dense(this, "hidden2", HIDDEN2_IN, HIDDEN2_UNITS, true, HIDDEN2_WEIGHTS, parameters, parameters);
        this.output = new Dense(this, "output", OUTPUT_IN, OUTPUT_UNITS, true, OUTPUT_WEIGHTS, parameters, parameters);
        this.layers = List.of(hidden1, hidden2, output);
        initialize(0L);
    }

    /**
     * Draws every W′ from {@code seed} (He-normal before ReLU, Xavier-uniform otherwise) and sets
     * every b′ to 0. Replace per layer with {@link Dense#initialize}.
     */
    public void initialize(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        hidden1.initialize(Init.xavierUniform(), Init.zeros(), random);
        hidden2.initialize(Init.xavierUniform(), Init.zeros(), random);
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
        return Loss.BINARY_CROSS_ENTROPY;
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
        // hidden1 (2 → 3): Z = X·W + 1·bᵀ
        forwardHidden1(x, rows);
        // A = σ(Z) = 1 / (1 + e^−Z)
        Kernels.sigmoid(hidden1Out, hidden1Out, rows * HIDDEN1_UNITS);
        // hidden2 (3 → 3): Z = X·W + 1·bᵀ
        forwardHidden2(hidden1Out, rows);
        // A = σ(Z) = 1 / (1 + e^−Z)
        Kernels.sigmoid(hidden2Out, hidden2Out, rows * HIDDEN2_UNITS);
        // output (3 → 4): Z = X·W + 1·bᵀ
        forwardOutput(hidden2Out, rows);
        // A = σ(Z) = 1 / (1 + e^−Z)
        Kernels.sigmoid(outputLogits, outputOut, rows * OUTPUT_UNITS);
    }

    /**
     * Z = X·W + 1·bᵀ for 'hidden1', unrolled: W is 2×3, so every dot product is written out, with
     * W held in locals for the whole batch.
     */
    private void forwardHidden1(float[] x, int rows) {
        float[] w = parameters;
        float w0 = w[0];
        float w1 = w[1];
        float w2 = w[2];
        float w3 = w[3];
        float w4 = w[4];
        float w5 = w[5];
        float[] b = parameters;
        float b0 = b[6];
        float b1 = b[7];
        float b2 = b[8];
        float[] z = hidden1Out;
        for (int r = 0; r < rows; r++) {
            int i = r * 2;
            int o = r * 3;
            float x0 = x[i];
            float x1 = x[i + 1];
            z[o] = b0 + x0 * w0 + x1 * w3;
            z[o + 1] = b1 + x0 * w1 + x1 * w4;
            z[o + 2] = b2 + x0 * w2 + x1 * w5;
        }
    }

    /**
     * Backward pass of 'hidden1', unrolled: dZ = dA ⊙ A ⊙ (1 − A), ∇W = Xᵀ·dZ, ∇b = 1ᵀ·dZ.
     */
    private void backwardHidden1(float[] x, int rows) {
        float[] delta = hidden1Delta;
        float[] a = hidden1Out;
        float gw0 = 0f;
        float gw1 = 0f;
        float gw2 = 0f;
        float gw3 = 0f;
        float gw4 = 0f;
        float gw5 = 0f;
        float gb0 = 0f;
        float gb1 = 0f;
        float gb2 = 0f;
        for (int r = 0; r < rows; r++) {
            int i = r * 2;
            int o = r * 3;
            float d0 = delta[o] * a[o] * (1f - a[o]);
            float d1 = delta[o + 1] * a[o + 1] * (1f - a[o + 1]);
            float d2 = delta[o + 2] * a[o + 2] * (1f - a[o + 2]);
            float x0 = x[i];
            gw0 += x0 * d0;
            gw1 += x0 * d1;
            gw2 += x0 * d2;
            float x1 = x[i + 1];
            gw3 += x1 * d0;
            gw4 += x1 * d1;
            gw5 += x1 * d2;
            gb0 += d0;
            gb1 += d1;
            gb2 += d2;
        }
        float[] g = gradients;
        g[0] = gw0;
        g[1] = gw1;
        g[2] = gw2;
        g[3] = gw3;
        g[4] = gw4;
        g[5] = gw5;
        g[6] = gb0;
        g[7] = gb1;
        g[8] = gb2;
    }

    /**
     * Z = X·W + 1·bᵀ for 'hidden2', unrolled: W is 3×3, so every dot product is written out, with
     * W held in locals for the whole batch.
     */
    private void forwardHidden2(float[] x, int rows) {
        float[] w = parameters;
        float w0 = w[9];
        float w1 = w[10];
        float w2 = w[11];
        float w3 = w[12];
        float w4 = w[13];
        float w5 = w[14];
        float w6 = w[15];
        float w7 = w[16];
        float w8 = w[17];
        float[] b = parameters;
        float b0 = b[18];
        float b1 = b[19];
        float b2 = b[20];
        float[] z = hidden2Out;
        for (int r = 0; r < rows; r++) {
            int i = r * 3;
            int o = r * 3;
            float x0 = x[i];
            float x1 = x[i + 1];
            float x2 = x[i + 2];
            z[o] = b0 + x0 * w0 + x1 * w3 + x2 * w6;
            z[o + 1] = b1 + x0 * w1 + x1 * w4 + x2 * w7;
            z[o + 2] = b2 + x0 * w2 + x1 * w5 + x2 * w8;
        }
    }

    /**
     * Backward pass of 'hidden2', unrolled: dZ = dA ⊙ A ⊙ (1 − A), ∇W = Xᵀ·dZ, ∇b = 1ᵀ·dZ, dX = dZ·Wᵀ.
     */
    private void backwardHidden2(float[] x, int rows) {
        float[] delta = hidden2Delta;
        float[] a = hidden2Out;
        float[] w = parameters;
        float w0 = w[9];
        float w1 = w[10];
        float w2 = w[11];
        float w3 = w[12];
        float w4 = w[13];
        float w5 = w[14];
        float w6 = w[15];
        float w7 = w[16];
        float w8 = w[17];
        float[] dx = hidden1Delta;
        float gw0 = 0f;
        float gw1 = 0f;
        float gw2 = 0f;
        float gw3 = 0f;
        float gw4 = 0f;
        float gw5 = 0f;
        float gw6 = 0f;
        float gw7 = 0f;
        float gw8 = 0f;
        float gb0 = 0f;
        float gb1 = 0f;
        float gb2 = 0f;
        for (int r = 0; r < rows; r++) {
            int i = r * 3;
            int o = r * 3;
            float d0 = delta[o] * a[o] * (1f - a[o]);
            float d1 = delta[o + 1] * a[o + 1] * (1f - a[o + 1]);
            float d2 = delta[o + 2] * a[o + 2] * (1f - a[o + 2]);
            float x0 = x[i];
            gw0 += x0 * d0;
            gw1 += x0 * d1;
            gw2 += x0 * d2;
            float x1 = x[i + 1];
            gw3 += x1 * d0;
            gw4 += x1 * d1;
            gw5 += x1 * d2;
            float x2 = x[i + 2];
            gw6 += x2 * d0;
            gw7 += x2 * d1;
            gw8 += x2 * d2;
            gb0 += d0;
            gb1 += d1;
            gb2 += d2;
            dx[i] = d0 * w0 + d1 * w1 + d2 * w2;
            dx[i + 1] = d0 * w3 + d1 * w4 + d2 * w5;
            dx[i + 2] = d0 * w6 + d1 * w7 + d2 * w8;
        }
        float[] g = gradients;
        g[9] = gw0;
        g[10] = gw1;
        g[11] = gw2;
        g[12] = gw3;
        g[13] = gw4;
        g[14] = gw5;
        g[15] = gw6;
        g[16] = gw7;
        g[17] = gw8;
        g[18] = gb0;
        g[19] = gb1;
        g[20] = gb2;
    }

    /**
     * Z = X·W + 1·bᵀ for 'output', unrolled: W is 3×4, so every dot product is written out, with
     * W held in locals for the whole batch.
     */
    private void forwardOutput(float[] x, int rows) {
        float[] w = parameters;
        float w0 = w[21];
        float w1 = w[22];
        float w2 = w[23];
        float w3 = w[24];
        float w4 = w[25];
        float w5 = w[26];
        float w6 = w[27];
        float w7 = w[28];
        float w8 = w[29];
        float w9 = w[30];
        float w10 = w[31];
        float w11 = w[32];
        float[] b = parameters;
        float b0 = b[33];
        float b1 = b[34];
        float b2 = b[35];
        float b3 = b[36];
        float[] z = outputLogits;
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
     * Backward pass of 'output', unrolled: ∇W = Xᵀ·dZ, ∇b = 1ᵀ·dZ, dX = dZ·Wᵀ.
     */
    private void backwardOutput(float[] x, int rows) {
        float[] delta = outputDelta;
        float[] w = parameters;
        float w0 = w[21];
        float w1 = w[22];
        float w2 = w[23];
        float w3 = w[24];
        float w4 = w[25];
        float w5 = w[26];
        float w6 = w[27];
        float w7 = w[28];
        float w8 = w[29];
        float w9 = w[30];
        float w10 = w[31];
        float w11 = w[32];
        float[] dx = hidden2Delta;
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
            float d0 = delta[o];
            float d1 = delta[o + 1];
            float d2 = delta[o + 2];
            float d3 = delta[o + 3];
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
            dx[i] = d0 * w0 + d1 * w1 + d2 * w2 + d3 * w3;
            dx[i + 1] = d0 * w4 + d1 * w5 + d2 * w6 + d3 * w7;
            dx[i + 2] = d0 * w8 + d1 * w9 + d2 * w10 + d3 * w11;
        }
        float[] g = gradients;
        g[21] = gw0;
        g[22] = gw1;
        g[23] = gw2;
        g[24] = gw3;
        g[25] = gw4;
        g[26] = gw5;
        g[27] = gw6;
        g[28] = gw7;
        g[29] = gw8;
        g[30] = gw9;
        g[31] = gw10;
        g[32] = gw11;
        g[33] = gb0;
        g[34] = gb1;
        g[35] = gb2;
        g[36] = gb3;
    }

    /**
     * The mean loss of the last forward pass; writes its gradient into {@code delta} unless null.
     */
    private float outputLoss(float[] targets, int rows, float[] delta) {
        // L = −Σ [Y ⊙ log A + (1 − Y) ⊙ log(1 − A)] / m with A = σ(Z), evaluated from Z;  dZ = (A − Y) / m
        return Kernels.sigmoidBinaryCrossEntropy(outputLogits, outputOut, targets, delta, rows, OUTPUTS);
    }

    /**
     * Backpropagation through the layers of the last forward pass; returns the loss.
     */
    private float backwardPass(float[] x, float[] targets, int rows) {
        float loss = outputLoss(targets, rows, outputDelta);
        // output: ∇W = Xᵀ·dZ, ∇b = 1ᵀ·dZ, dX = dZ·Wᵀ
        backwardOutput(hidden2Out, rows);
        // hidden2: dZ = dA ⊙ A ⊙ (1 − A), ∇W = Xᵀ·dZ, ∇b = 1ᵀ·dZ, dX = dZ·Wᵀ
        backwardHidden2(hidden1Out, rows);
        // hidden1: dZ = dA ⊙ A ⊙ (1 − A), ∇W = Xᵀ·dZ, ∇b = 1ᵀ·dZ
        backwardHidden1(x, rows);
        return loss;
    }
}
