package golden;

import dev.nabla.Dense;
import dev.nabla.Loss;
import dev.nabla.ModelInputs;
import dev.nabla.NablaModel;
import dev.nabla.OwnerGuard;
import dev.nabla.init.Init;
import dev.nabla.kernel.Kernels;
import dev.nabla.optim.Optimizer;
import dev.nabla.train.StepGuard;
import java.util.List;
import java.util.SplittableRandom;
import javax.annotation.processing.Generated;

/**
 * Generated from {@link QuadrantNet}: 2 → 3 sigmoid → 3 sigmoid → 4 sigmoid, BINARY_CROSS_ENTROPY.
 *
 * <p>Parameters live in one flat buffer; each layer's W (in × units) is row-major and its bias
 * follows it, so [W; b] is the layer's augmented matrix.
 *
 * <p>Every layer is small, so a batch runs feature-major: Xᵀ, Zᵀ and dZᵀ hold one row per
 * feature with the samples along it, and the kernels put samples in the vector lanes.
 * Only the output layer's Z, A and dZ are row-major, like the caller's arrays.
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
     * The largest maxBatch: every buffer holds at most 4 floats per row,
     * and a Java array at most 2147483639 (Integer.MAX_VALUE − 8).
     */
    public static final int MAX_BATCH_LIMIT = 536870909;

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
     * Xᵀ, inputs × rows.
     */
    private final float[] inputPlanes;

    /**
     * Zᵀ, then dZᵀ, of 'output', units × rows.
     */
    private final float[] outputPlanes;

    /**
     * Z, then A = activation(Z) in place, of 'hidden1', units × rows.
     */
    private final float[] hidden1Out;

    /**
     * dA, then dZ in place, of 'hidden1'.
     */
    private final float[] hidden1Delta;

    /**
     * Z, then A = activation(Z) in place, of 'hidden2', units × rows.
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
     * Refuses a call from a second thread while one is running.
     */
    private final OwnerGuard ownerGuard = new OwnerGuard("QuadrantNetModel");

    /**
     * Refuses training steps that would leave non-finite parameters.
     */
    private final StepGuard stepGuard = new StepGuard(PARAMETER_COUNT);

    /**
     * Allocates every buffer for batches of up to {@code maxBatch} rows and initializes the
     * parameters with {@link #initialize(long) initialize(0)}.
     */
    public QuadrantNetModel(int maxBatch) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1, got " + maxBatch);
        }
        if (maxBatch > MAX_BATCH_LIMIT) {
            throw new IllegalArgumentException("maxBatch must be at most MAX_BATCH_LIMIT = " + MAX_BATCH_LIMIT + ", the largest whose buffers fit a Java array, got " + maxBatch);
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
        this.inputPlanes = new float[maxBatch * INPUTS];
        this.outputPlanes = new float[maxBatch * OUTPUTS];
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
        boolean entered = ownerGuard.enter("initialize");
        try {
            SplittableRandom random = new SplittableRandom(seed);
            hidden1.initialize(Init.xavierUniform(), Init.zeros(), random);
            hidden2.initialize(Init.xavierUniform(), Init.zeros(), random);
            output.initialize(Init.xavierUniform(), Init.zeros(), random);
        } finally {
            ownerGuard.exit(entered);
        }
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
        boolean entered = ownerGuard.enter("parametersChanged");
        try {
            // No constrained or quantized layer: the forward pass reads W′ itself.
        } finally {
            ownerGuard.exit(entered);
        }
    }

    @Override
    public float[] forward(float[] x, int rows) {
        boolean entered = ownerGuard.enter("forward");
        try {
            ModelInputs.checkRows(rows, maxBatch);
            ModelInputs.checkMatrix("x", x, rows, INPUTS);
            forwardPass(x, rows);
            return outputOut;
        } finally {
            ownerGuard.exit(entered);
        }
    }

    @Override
    public float[] predict(float[] x, int rows) {
        boolean entered = ownerGuard.enter("predict");
        try {
            ModelInputs.checkRows(rows, maxBatch);
            ModelInputs.checkMatrix("x", x, rows, INPUTS);
            forwardPass(x, rows);
            return outputOut;
        } finally {
            ownerGuard.exit(entered);
        }
    }

    @Override
    public void predictClasses(float[] x, int rows, int[] classes) {
        boolean entered = ownerGuard.enter("predictClasses");
        try {
            ModelInputs.checkRows(rows, maxBatch);
            ModelInputs.checkMatrix("x", x, rows, INPUTS);
            ModelInputs.checkClasses(classes, rows);
            forwardPass(x, rows);
            for (int r = 0; r < rows; r++) {
                classes[r] = ModelInputs.argMax(outputOut, r * OUTPUTS, OUTPUTS);
            }
        } finally {
            ownerGuard.exit(entered);
        }
    }

    @Override
    public int predictClass(float[] x) {
        boolean entered = ownerGuard.enter("predictClass");
        try {
            ModelInputs.checkMatrix("x", x, 1, INPUTS);
            forwardPass(x, 1);
            return ModelInputs.argMax(outputOut, 0, OUTPUTS);
        } finally {
            ownerGuard.exit(entered);
        }
    }

    @Override
    public float loss(float[] x, float[] targets, int rows) {
        boolean entered = ownerGuard.enter("loss");
        try {
            ModelInputs.checkRows(rows, maxBatch);
            ModelInputs.checkMatrix("x", x, rows, INPUTS);
            ModelInputs.checkTargets(Loss.BINARY_CROSS_ENTROPY, targets, rows, OUTPUTS);
            forwardPass(x, rows);
            return outputLoss(targets, rows, null);
        } finally {
            ownerGuard.exit(entered);
        }
    }

    @Override
    public float loss(float[] x, int[] labels, int rows) {
        boolean entered = ownerGuard.enter("loss");
        try {
            return loss(x, oneHot(labels, rows), rows);
        } finally {
            ownerGuard.exit(entered);
        }
    }

    @Override
    public float computeGradients(float[] x, float[] targets, int rows) {
        boolean entered = ownerGuard.enter("computeGradients");
        try {
            ModelInputs.checkRows(rows, maxBatch);
            ModelInputs.checkMatrix("x", x, rows, INPUTS);
            ModelInputs.checkTargets(Loss.BINARY_CROSS_ENTROPY, targets, rows, OUTPUTS);
            forwardPass(x, rows);
            return backwardPass(x, targets, rows);
        } finally {
            ownerGuard.exit(entered);
        }
    }

    @Override
    public float computeGradients(float[] x, int[] labels, int rows) {
        boolean entered = ownerGuard.enter("computeGradients");
        try {
            return computeGradients(x, oneHot(labels, rows), rows);
        } finally {
            ownerGuard.exit(entered);
        }
    }

    @Override
    public float trainStep(float[] x, float[] targets, int rows, Optimizer optimizer) {
        boolean entered = ownerGuard.enter("trainStep");
        try {
            // Gradients, then the update, refused unless the loss and the result are finite
            return stepGuard.trainStep(this, x, targets, rows, optimizer);
        } finally {
            ownerGuard.exit(entered);
        }
    }

    @Override
    public float trainStep(float[] x, int[] labels, int rows, Optimizer optimizer) {
        boolean entered = ownerGuard.enter("trainStep");
        try {
            return trainStep(x, oneHot(labels, rows), rows, optimizer);
        } finally {
            ownerGuard.exit(entered);
        }
    }

    private float[] oneHot(int[] labels, int rows) {
        ModelInputs.checkRows(rows, maxBatch);
        ModelInputs.oneHot(labels, rows, OUTPUTS, targets);
        return targets;
    }

    private void forwardPass(float[] x, int rows) {
        // Xᵀ: one row per input feature, the samples along it
        Kernels.transpose(x, 0, rows, INPUTS, inputPlanes, 0);
        // hidden1 (2 → 3): Zᵀ = Wᵀ·Xᵀ + b·1ᵀ
        Kernels.planarProduct(parameters, HIDDEN1_WEIGHTS, 1, HIDDEN1_UNITS, parameters, HIDDEN1_BIAS, inputPlanes, 0, hidden1Out, 0, HIDDEN1_UNITS, HIDDEN1_IN, rows);
        // A = σ(Z) = 1 / (1 + e^−Z)
        Kernels.sigmoid(hidden1Out, hidden1Out, rows * HIDDEN1_UNITS);
        // hidden2 (3 → 3): Zᵀ = Wᵀ·Xᵀ + b·1ᵀ
        Kernels.planarProduct(parameters, HIDDEN2_WEIGHTS, 1, HIDDEN2_UNITS, parameters, HIDDEN2_BIAS, hidden1Out, 0, hidden2Out, 0, HIDDEN2_UNITS, HIDDEN2_IN, rows);
        // A = σ(Z) = 1 / (1 + e^−Z)
        Kernels.sigmoid(hidden2Out, hidden2Out, rows * HIDDEN2_UNITS);
        // output (3 → 4): Zᵀ = Wᵀ·Xᵀ + b·1ᵀ
        Kernels.planarProduct(parameters, OUTPUT_WEIGHTS, 1, OUTPUT_UNITS, parameters, OUTPUT_BIAS, hidden2Out, 0, outputPlanes, 0, OUTPUT_UNITS, OUTPUT_IN, rows);
        // Z = (Zᵀ)ᵀ, row-major for the loss and the caller
        Kernels.transpose(outputPlanes, 0, OUTPUT_UNITS, rows, outputLogits, 0);
        // A = σ(Z) = 1 / (1 + e^−Z)
        Kernels.sigmoid(outputLogits, outputOut, rows * OUTPUT_UNITS);
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
        // output: dZᵀ, feature-major like the layers
        Kernels.transpose(outputDelta, 0, rows, OUTPUT_UNITS, outputPlanes, 0);
        // output: ∇W = Xᵀ·dZ, each entry a dot product of a row of Xᵀ and a row of dZᵀ
        Kernels.planarWeightGradient(hidden2Out, 0, outputPlanes, 0, gradients, OUTPUT_WEIGHTS, OUTPUT_IN, OUTPUT_UNITS, rows);
        // output: ∇b = 1ᵀ·dZ, the row sums of dZᵀ
        Kernels.rowSums(outputPlanes, 0, gradients, OUTPUT_BIAS, OUTPUT_UNITS, rows);
        // output: dX = dZ·Wᵀ, as dXᵀ = W·dZᵀ, the dA of 'hidden2'
        Kernels.planarProduct(parameters, OUTPUT_WEIGHTS, OUTPUT_UNITS, 1, null, 0, outputPlanes, 0, hidden2Delta, 0, OUTPUT_IN, OUTPUT_UNITS, rows);
        // hidden2: dZ = dA ⊙ σ(Z) ⊙ (1 − σ(Z)) = dA ⊙ A ⊙ (1 − A)
        Kernels.sigmoidBackward(hidden2Out, hidden2Delta, rows * HIDDEN2_UNITS);
        // hidden2: ∇W = Xᵀ·dZ, each entry a dot product of a row of Xᵀ and a row of dZᵀ
        Kernels.planarWeightGradient(hidden1Out, 0, hidden2Delta, 0, gradients, HIDDEN2_WEIGHTS, HIDDEN2_IN, HIDDEN2_UNITS, rows);
        // hidden2: ∇b = 1ᵀ·dZ, the row sums of dZᵀ
        Kernels.rowSums(hidden2Delta, 0, gradients, HIDDEN2_BIAS, HIDDEN2_UNITS, rows);
        // hidden2: dX = dZ·Wᵀ, as dXᵀ = W·dZᵀ, the dA of 'hidden1'
        Kernels.planarProduct(parameters, HIDDEN2_WEIGHTS, HIDDEN2_UNITS, 1, null, 0, hidden2Delta, 0, hidden1Delta, 0, HIDDEN2_IN, HIDDEN2_UNITS, rows);
        // hidden1: dZ = dA ⊙ σ(Z) ⊙ (1 − σ(Z)) = dA ⊙ A ⊙ (1 − A)
        Kernels.sigmoidBackward(hidden1Out, hidden1Delta, rows * HIDDEN1_UNITS);
        // hidden1: ∇W = Xᵀ·dZ, each entry a dot product of a row of Xᵀ and a row of dZᵀ
        Kernels.planarWeightGradient(inputPlanes, 0, hidden1Delta, 0, gradients, HIDDEN1_WEIGHTS, HIDDEN1_IN, HIDDEN1_UNITS, rows);
        // hidden1: ∇b = 1ᵀ·dZ, the row sums of dZᵀ
        Kernels.rowSums(hidden1Delta, 0, gradients, HIDDEN1_BIAS, HIDDEN1_UNITS, rows);
        return loss;
    }
}
