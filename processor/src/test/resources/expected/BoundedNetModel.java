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
     * Z = X·W + 1·bᵀ for 'hidden', unrolled: W is 9×5, so every dot product is written out.
     */
    private void forwardHidden(float[] x, int rows) {
        float[] w = effective;
        float[] b = effective;
        float[] z = hiddenOut;
        for (int r = 0; r < rows; r++) {
            int i = r * 9;
            int o = r * 5;
            z[o] = b[45] + x[i] * w[0] + x[i + 1] * w[5] + x[i + 2] * w[10] + x[i + 3] * w[15] + x[i + 4] * w[20] + x[i + 5] * w[25] + x[i + 6] * w[30] + x[i + 7] * w[35] + x[i + 8] * w[40];
            z[o + 1] = b[46] + x[i] * w[1] + x[i + 1] * w[6] + x[i + 2] * w[11] + x[i + 3] * w[16] + x[i + 4] * w[21] + x[i + 5] * w[26] + x[i + 6] * w[31] + x[i + 7] * w[36] + x[i + 8] * w[41];
            z[o + 2] = b[47] + x[i] * w[2] + x[i + 1] * w[7] + x[i + 2] * w[12] + x[i + 3] * w[17] + x[i + 4] * w[22] + x[i + 5] * w[27] + x[i + 6] * w[32] + x[i + 7] * w[37] + x[i + 8] * w[42];
            z[o + 3] = b[48] + x[i] * w[3] + x[i + 1] * w[8] + x[i + 2] * w[13] + x[i + 3] * w[18] + x[i + 4] * w[23] + x[i + 5] * w[28] + x[i + 6] * w[33] + x[i + 7] * w[38] + x[i + 8] * w[43];
            z[o + 4] = b[49] + x[i] * w[4] + x[i + 1] * w[9] + x[i + 2] * w[14] + x[i + 3] * w[19] + x[i + 4] * w[24] + x[i + 5] * w[29] + x[i + 6] * w[34] + x[i + 7] * w[39] + x[i + 8] * w[44];
        }
    }

    /**
     * Z = X·W + 1·bᵀ for 'output', unrolled: W is 5×2, so every dot product is written out.
     */
    private void forwardOutput(float[] x, int rows) {
        float[] w = effective;
        float[] b = effective;
        float[] z = outputOut;
        for (int r = 0; r < rows; r++) {
            int i = r * 5;
            int o = r * 2;
            z[o] = b[60] + x[i] * w[50] + x[i + 1] * w[52] + x[i + 2] * w[54] + x[i + 3] * w[56] + x[i + 4] * w[58];
            z[o + 1] = b[61] + x[i] * w[51] + x[i + 1] * w[53] + x[i + 2] * w[55] + x[i + 3] * w[57] + x[i + 4] * w[59];
        }
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
        // output: ∇W = Xᵀ·dZ
        Kernels.matmulTransposeA(hiddenOut, 0, outputDelta, 0, gradients, OUTPUT_WEIGHTS, rows, OUTPUT_IN, OUTPUT_UNITS);
        // output: ∇b = 1ᵀ·dZ
        Kernels.columnSums(outputDelta, 0, gradients, OUTPUT_BIAS, rows, OUTPUT_UNITS);
        // output: dX = dZ·Wᵀ, the dA of 'hidden'
        Kernels.matmulTransposeB(outputDelta, 0, effective, OUTPUT_WEIGHTS, hiddenDelta, 0, rows, OUTPUT_UNITS, OUTPUT_IN);
        // hidden: dZ = dA ⊙ σ(Z) ⊙ (1 − σ(Z)) = dA ⊙ A ⊙ (1 − A)
        Kernels.sigmoidBackward(hiddenOut, hiddenDelta, rows * HIDDEN_UNITS);
        // hidden: ∇W = Xᵀ·dZ
        Kernels.matmulTransposeA(x, 0, hiddenDelta, 0, gradients, HIDDEN_WEIGHTS, rows, HIDDEN_IN, HIDDEN_UNITS);
        // hidden: ∇b = 1ᵀ·dZ
        Kernels.columnSums(hiddenDelta, 0, gradients, HIDDEN_BIAS, rows, HIDDEN_UNITS);
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
