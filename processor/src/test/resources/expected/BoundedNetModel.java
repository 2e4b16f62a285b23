package golden;

import dev.nabla.Dense;
import dev.nabla.Loss;
import dev.nabla.ModelInputs;
import dev.nabla.NablaModel;
import dev.nabla.init.Init;
import dev.nabla.kernel.Kernels;
import dev.nabla.kernel.WeightMaps;
import dev.nabla.optim.Optimizer;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import javax.annotation.processing.Generated;

/**
 * Generated from {@link BoundedNet}: 9 → 5 sigmoid → 2, SOFTMAX_CROSS_ENTROPY.
 *
 * <p>Parameters live in one flat buffer; each layer's W (in × units) is row-major and its bias
 * follows it, so [W; b] is the layer's augmented matrix.
 */
@Generated(
        value = "dev.nabla.processor.NablaProcessor",
        comments = "Forward and backward pass derived by Nabla; do not edit"
)
public final class BoundedNetModel extends BoundedNet implements NablaModel {
    /**
     * Width of one input row.
     */
    public static final int INPUTS = 9;

    /**
     * Width of one output row.
     */
    public static final int OUTPUTS = 2;

    /**
     * Number of trained parameters, all layers together.
     */
    public static final int PARAMETER_COUNT = 62;

    /**
     * Input width of 'hidden'.
     */
    public static final int HIDDEN_IN = 9;

    /**
     * Units of 'hidden'.
     */
    public static final int HIDDEN_UNITS = 5;

    /**
     * Offset of 'hidden' W (9×5).
     */
    public static final int HIDDEN_WEIGHTS = 0;

    /**
     * Offset of 'hidden' b (5).
     */
    public static final int HIDDEN_BIAS = 45;

    /**
     * Input width of 'output'.
     */
    public static final int OUTPUT_IN = 5;

    /**
     * Units of 'output'.
     */
    public static final int OUTPUT_UNITS = 2;

    /**
     * Offset of 'output' W (5×2).
     */
    public static final int OUTPUT_WEIGHTS = 50;

    /**
     * Offset of 'output' b (2).
     */
    public static final int OUTPUT_BIAS = 60;

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
     * Effective weights W = map(W′) of constrained or quantized layers, materialised once per step.
     */
    private final float[] effective = new float[PARAMETER_COUNT];

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

    /**
     * softmax of the outputs, for predict.
     */
    private final float[] probabilities;

    private final List<Dense> layers;

    /**
     * Allocates every buffer for batches of up to {@code maxBatch} rows and initializes the
     * parameters with {@link #initialize(long) initialize(0)}.
     */
    public BoundedNetModel(int maxBatch) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1, got " + maxBatch);
        }
        this.maxBatch = maxBatch;
        this.hiddenOut = new float[maxBatch * HIDDEN_UNITS];
        this.hiddenDelta = new float[maxBatch * HIDDEN_UNITS];
        this.outputOut = new float[maxBatch * OUTPUT_UNITS];
        this.outputDelta = new float[maxBatch * OUTPUT_UNITS];
        this.targets = new float[maxBatch * OUTPUTS];
        this.probabilities = new float[maxBatch * OUTPUTS];
        this.hidden = new Dense(this, "hidden", HIDDEN_IN, HIDDEN_UNITS, true, HIDDEN_WEIGHTS, effective, effective);
        this.output = new Dense(this, "output", OUTPUT_IN, OUTPUT_UNITS, true, OUTPUT_WEIGHTS, effective, effective);
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
        return Loss.SOFTMAX_CROSS_ENTROPY;
    }

    @Override
    public void parametersChanged() {
        materializeEffectiveWeights();
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
        Kernels.softmax(outputOut, probabilities, rows, OUTPUTS);
        return probabilities;
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
        // hidden (9 → 5): Z = X·W + 1·bᵀ
        forwardHidden(x, rows);
        // A = σ(Z) = 1 / (1 + e^−Z)
        Kernels.sigmoid(hiddenOut, hiddenOut, rows * HIDDEN_UNITS);
        // output (5 → 2): Z = X·W + 1·bᵀ
        forwardOutput(hiddenOut, rows);
    }

    /**
     * Z = X·W + 1·bᵀ for 'hidden', unrolled: W is 9×5, so every dot product is written out, with
     * W held in locals for the whole batch.
     */
    private void forwardHidden(float[] x, int rows) {
        float[] w = effective;
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
        float w12 = w[12];
        float w13 = w[13];
        float w14 = w[14];
        float w15 = w[15];
        float w16 = w[16];
        float w17 = w[17];
        float w18 = w[18];
        float w19 = w[19];
        float w20 = w[20];
        float w21 = w[21];
        float w22 = w[22];
        float w23 = w[23];
        float w24 = w[24];
        float w25 = w[25];
        float w26 = w[26];
        float w27 = w[27];
        float w28 = w[28];
        float w29 = w[29];
        float w30 = w[30];
        float w31 = w[31];
        float w32 = w[32];
        float w33 = w[33];
        float w34 = w[34];
        float w35 = w[35];
        float w36 = w[36];
        float w37 = w[37];
        float w38 = w[38];
        float w39 = w[39];
        float w40 = w[40];
        float w41 = w[41];
        float w42 = w[42];
        float w43 = w[43];
        float w44 = w[44];
        float[] b = effective;
        float b0 = b[45];
        float b1 = b[46];
        float b2 = b[47];
        float b3 = b[48];
        float b4 = b[49];
        float[] z = hiddenOut;
        for (int r = 0; r < rows; r++) {
            int i = r * 9;
            int o = r * 5;
            float x0 = x[i];
            float x1 = x[i + 1];
            float x2 = x[i + 2];
            float x3 = x[i + 3];
            float x4 = x[i + 4];
            float x5 = x[i + 5];
            float x6 = x[i + 6];
            float x7 = x[i + 7];
            float x8 = x[i + 8];
            z[o] = b0 + x0 * w0 + x1 * w5 + x2 * w10 + x3 * w15 + x4 * w20 + x5 * w25 + x6 * w30 + x7 * w35 + x8 * w40;
            z[o + 1] = b1 + x0 * w1 + x1 * w6 + x2 * w11 + x3 * w16 + x4 * w21 + x5 * w26 + x6 * w31 + x7 * w36 + x8 * w41;
            z[o + 2] = b2 + x0 * w2 + x1 * w7 + x2 * w12 + x3 * w17 + x4 * w22 + x5 * w27 + x6 * w32 + x7 * w37 + x8 * w42;
            z[o + 3] = b3 + x0 * w3 + x1 * w8 + x2 * w13 + x3 * w18 + x4 * w23 + x5 * w28 + x6 * w33 + x7 * w38 + x8 * w43;
            z[o + 4] = b4 + x0 * w4 + x1 * w9 + x2 * w14 + x3 * w19 + x4 * w24 + x5 * w29 + x6 * w34 + x7 * w39 + x8 * w44;
        }
    }

    /**
     * Backward pass of 'hidden', unrolled: dZ = dA ⊙ A ⊙ (1 − A), ∇W = Xᵀ·dZ, ∇b = 1ᵀ·dZ.
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
        float gw12 = 0f;
        float gw13 = 0f;
        float gw14 = 0f;
        float gw15 = 0f;
        float gw16 = 0f;
        float gw17 = 0f;
        float gw18 = 0f;
        float gw19 = 0f;
        float gw20 = 0f;
        float gw21 = 0f;
        float gw22 = 0f;
        float gw23 = 0f;
        float gw24 = 0f;
        float gw25 = 0f;
        float gw26 = 0f;
        float gw27 = 0f;
        float gw28 = 0f;
        float gw29 = 0f;
        float gw30 = 0f;
        float gw31 = 0f;
        float gw32 = 0f;
        float gw33 = 0f;
        float gw34 = 0f;
        float gw35 = 0f;
        float gw36 = 0f;
        float gw37 = 0f;
        float gw38 = 0f;
        float gw39 = 0f;
        float gw40 = 0f;
        float gw41 = 0f;
        float gw42 = 0f;
        float gw43 = 0f;
        float gw44 = 0f;
        float gb0 = 0f;
        float gb1 = 0f;
        float gb2 = 0f;
        float gb3 = 0f;
        float gb4 = 0f;
        for (int r = 0; r < rows; r++) {
            int i = r * 9;
            int o = r * 5;
            float d0 = delta[o] * a[o] * (1f - a[o]);
            float d1 = delta[o + 1] * a[o + 1] * (1f - a[o + 1]);
            float d2 = delta[o + 2] * a[o + 2] * (1f - a[o + 2]);
            float d3 = delta[o + 3] * a[o + 3] * (1f - a[o + 3]);
            float d4 = delta[o + 4] * a[o + 4] * (1f - a[o + 4]);
            float x0 = x[i];
            gw0 += x0 * d0;
            gw1 += x0 * d1;
            gw2 += x0 * d2;
            gw3 += x0 * d3;
            gw4 += x0 * d4;
            float x1 = x[i + 1];
            gw5 += x1 * d0;
            gw6 += x1 * d1;
            gw7 += x1 * d2;
            gw8 += x1 * d3;
            gw9 += x1 * d4;
            float x2 = x[i + 2];
            gw10 += x2 * d0;
            gw11 += x2 * d1;
            gw12 += x2 * d2;
            gw13 += x2 * d3;
            gw14 += x2 * d4;
            float x3 = x[i + 3];
            gw15 += x3 * d0;
            gw16 += x3 * d1;
            gw17 += x3 * d2;
            gw18 += x3 * d3;
            gw19 += x3 * d4;
            float x4 = x[i + 4];
            gw20 += x4 * d0;
            gw21 += x4 * d1;
            gw22 += x4 * d2;
            gw23 += x4 * d3;
            gw24 += x4 * d4;
            float x5 = x[i + 5];
            gw25 += x5 * d0;
            gw26 += x5 * d1;
            gw27 += x5 * d2;
            gw28 += x5 * d3;
            gw29 += x5 * d4;
            float x6 = x[i + 6];
            gw30 += x6 * d0;
            gw31 += x6 * d1;
            gw32 += x6 * d2;
            gw33 += x6 * d3;
            gw34 += x6 * d4;
            float x7 = x[i + 7];
            gw35 += x7 * d0;
            gw36 += x7 * d1;
            gw37 += x7 * d2;
            gw38 += x7 * d3;
            gw39 += x7 * d4;
            float x8 = x[i + 8];
            gw40 += x8 * d0;
            gw41 += x8 * d1;
            gw42 += x8 * d2;
            gw43 += x8 * d3;
            gw44 += x8 * d4;
            gb0 += d0;
            gb1 += d1;
            gb2 += d2;
            gb3 += d3;
            gb4 += d4;
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
        g[12] = gw12;
        g[13] = gw13;
        g[14] = gw14;
        g[15] = gw15;
        g[16] = gw16;
        g[17] = gw17;
        g[18] = gw18;
        g[19] = gw19;
        g[20] = gw20;
        g[21] = gw21;
        g[22] = gw22;
        g[23] = gw23;
        g[24] = gw24;
        g[25] = gw25;
        g[26] = gw26;
        g[27] = gw27;
        g[28] = gw28;
        g[29] = gw29;
        g[30] = gw30;
        g[31] = gw31;
        g[32] = gw32;
        g[33] = gw33;
        g[34] = gw34;
        g[35] = gw35;
        g[36] = gw36;
        g[37] = gw37;
        g[38] = gw38;
        g[39] = gw39;
        g[40] = gw40;
        g[41] = gw41;
        g[42] = gw42;
        g[43] = gw43;
        g[44] = gw44;
        g[45] = gb0;
        g[46] = gb1;
        g[47] = gb2;
        g[48] = gb3;
        g[49] = gb4;
    }

    /**
     * Z = X·W + 1·bᵀ for 'output', unrolled: W is 5×2, so every dot product is written out, with
     * W held in locals for the whole batch.
     */
    private void forwardOutput(float[] x, int rows) {
        float[] w = effective;
        float w0 = w[50];
        float w1 = w[51];
        float w2 = w[52];
        float w3 = w[53];
        float w4 = w[54];
        float w5 = w[55];
        float w6 = w[56];
        float w7 = w[57];
        float w8 = w[58];
        float w9 = w[59];
        float[] b = effective;
        float b0 = b[60];
        float b1 = b[61];
        float[] z = outputOut;
        for (int r = 0; r < rows; r++) {
            int i = r * 5;
            int o = r * 2;
            float x0 = x[i];
            float x1 = x[i + 1];
            float x2 = x[i + 2];
            float x3 = x[i + 3];
            float x4 = x[i + 4];
            z[o] = b0 + x0 * w0 + x1 * w2 + x2 * w4 + x3 * w6 + x4 * w8;
            z[o + 1] = b1 + x0 * w1 + x1 * w3 + x2 * w5 + x3 * w7 + x4 * w9;
        }
    }

    /**
     * Backward pass of 'output', unrolled: ∇W = Xᵀ·dZ, ∇b = 1ᵀ·dZ, dX = dZ·Wᵀ.
     */
    private void backwardOutput(float[] x, int rows) {
        float[] delta = outputDelta;
        float[] w = effective;
        float w0 = w[50];
        float w1 = w[51];
        float w2 = w[52];
        float w3 = w[53];
        float w4 = w[54];
        float w5 = w[55];
        float w6 = w[56];
        float w7 = w[57];
        float w8 = w[58];
        float w9 = w[59];
        float[] dx = hiddenDelta;
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
        float gb0 = 0f;
        float gb1 = 0f;
        for (int r = 0; r < rows; r++) {
            int i = r * 5;
            int o = r * 2;
            float d0 = delta[o];
            float d1 = delta[o + 1];
            float x0 = x[i];
            gw0 += x0 * d0;
            gw1 += x0 * d1;
            float x1 = x[i + 1];
            gw2 += x1 * d0;
            gw3 += x1 * d1;
            float x2 = x[i + 2];
            gw4 += x2 * d0;
            gw5 += x2 * d1;
            float x3 = x[i + 3];
            gw6 += x3 * d0;
            gw7 += x3 * d1;
            float x4 = x[i + 4];
            gw8 += x4 * d0;
            gw9 += x4 * d1;
            gb0 += d0;
            gb1 += d1;
            dx[i] = d0 * w0 + d1 * w1;
            dx[i + 1] = d0 * w2 + d1 * w3;
            dx[i + 2] = d0 * w4 + d1 * w5;
            dx[i + 3] = d0 * w6 + d1 * w7;
            dx[i + 4] = d0 * w8 + d1 * w9;
        }
        float[] g = gradients;
        g[50] = gw0;
        g[51] = gw1;
        g[52] = gw2;
        g[53] = gw3;
        g[54] = gw4;
        g[55] = gw5;
        g[56] = gw6;
        g[57] = gw7;
        g[58] = gw8;
        g[59] = gw9;
        g[60] = gb0;
        g[61] = gb1;
    }

    /**
     * The mean loss of the last forward pass; writes its gradient into {@code delta} unless null.
     */
    private float outputLoss(float[] targets, int rows, float[] delta) {
        // L = −Σ Y ⊙ log softmax(Z) / m;  dZ = (softmax(Z) − Y) / m
        return Kernels.softmaxCrossEntropy(outputOut, targets, delta, rows, OUTPUTS);
    }

    /**
     * Backpropagation through the layers of the last forward pass; returns the loss.
     */
    private float backwardPass(float[] x, float[] targets, int rows) {
        float loss = outputLoss(targets, rows, outputDelta);
        // output: ∇W = Xᵀ·dZ, ∇b = 1ᵀ·dZ, dX = dZ·Wᵀ
        backwardOutput(hiddenOut, rows);
        // hidden: dZ = dA ⊙ A ⊙ (1 − A), ∇W = Xᵀ·dZ, ∇b = 1ᵀ·dZ
        backwardHidden(x, rows);
        // hidden [W; b]: ∇W′ = ∇W ⊙ (1 − tanh²(W′))
        WeightMaps.tanhRangeBackward(parameters, gradients, 0, 50, 1.0f);
        // output [W; b]: W = 0.1·round(W′), straight-through estimator: ∇W′ = 0.1·∇W
        WeightMaps.scale(gradients, 50, 12, 0.1f);
        return loss;
    }

    /**
     * Computes the effective weights from W′ once, after every change of W′.
     */
    private void materializeEffectiveWeights() {
        // hidden [W; b]: W = tanh(W′)
        WeightMaps.tanhRange(parameters, effective, 0, 50, 0.0f, 1.0f);
        // output [W; b]: W = 0.1·round(W′), W′ counted in steps
        WeightMaps.quantize(parameters, effective, 50, 12, 0.1f, 1f);
    }
}
