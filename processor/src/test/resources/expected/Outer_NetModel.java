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
 * Generated from {@link Outer.Net}: 3 → 4 tanh → 1, MEAN_SQUARED_ERROR.
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
     * The largest maxBatch: every buffer holds at most 4 floats per row,
     * and a Java array at most 2147483639 (Integer.MAX_VALUE − 8).
     */
    public static final int MAX_BATCH_LIMIT = 536870909;

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
     * Xᵀ, inputs × rows.
     */
    private final float[] inputPlanes;

    /**
     * Zᵀ, then dZᵀ, of 'output', units × rows.
     */
    private final float[] outputPlanes;

    /**
     * Z, then A = activation(Z) in place, of 'hidden', units × rows.
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
     * Refuses a call from a second thread while one is running.
     */
    private final OwnerGuard ownerGuard = new OwnerGuard("Outer_NetModel");

    /**
     * Refuses training steps that would leave non-finite parameters.
     */
    private final StepGuard stepGuard = new StepGuard(PARAMETER_COUNT);

    /**
     * Allocates every buffer for batches of up to {@code maxBatch} rows and initializes the
     * parameters with {@link #initialize(long) initialize(0)}.
     */
    public Outer_NetModel(int maxBatch) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1, got " + maxBatch);
        }
        if (maxBatch > MAX_BATCH_LIMIT) {
            throw new IllegalArgumentException("maxBatch must be at most MAX_BATCH_LIMIT = " + MAX_BATCH_LIMIT + ", the largest whose buffers fit a Java array, got " + maxBatch);
        }
        this.maxBatch = maxBatch;
        this.hiddenOut = new float[maxBatch * HIDDEN_UNITS];
        this.hiddenDelta = new float[maxBatch * HIDDEN_UNITS];
        this.outputOut = new float[maxBatch * OUTPUT_UNITS];
        this.outputDelta = new float[maxBatch * OUTPUT_UNITS];
        this.targets = new float[maxBatch * OUTPUTS];
        this.inputPlanes = new float[maxBatch * INPUTS];
        this.outputPlanes = new float[maxBatch * OUTPUTS];
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
        boolean entered = ownerGuard.enter("initialize");
        try {
            SplittableRandom random = new SplittableRandom(seed);
            hidden.initialize(Init.xavierUniform(), Init.zeros(), random);
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
        return Loss.MEAN_SQUARED_ERROR;
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
            ModelInputs.checkTargets(Loss.MEAN_SQUARED_ERROR, targets, rows, OUTPUTS);
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
            ModelInputs.checkTargets(Loss.MEAN_SQUARED_ERROR, targets, rows, OUTPUTS);
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
        // hidden (3 → 4): Zᵀ = Wᵀ·Xᵀ + b·1ᵀ
        Kernels.planarProduct(parameters, HIDDEN_WEIGHTS, 1, HIDDEN_UNITS, parameters, HIDDEN_BIAS, inputPlanes, 0, hiddenOut, 0, HIDDEN_UNITS, HIDDEN_IN, rows);
        // A = tanh(Z)
        Kernels.tanh(hiddenOut, hiddenOut, rows * HIDDEN_UNITS);
        // output (4 → 1): Zᵀ = Wᵀ·Xᵀ
        Kernels.planarProduct(parameters, OUTPUT_WEIGHTS, 1, OUTPUT_UNITS, null, 0, hiddenOut, 0, outputPlanes, 0, OUTPUT_UNITS, OUTPUT_IN, rows);
        // Z = (Zᵀ)ᵀ, row-major for the loss and the caller
        Kernels.transpose(outputPlanes, 0, OUTPUT_UNITS, rows, outputOut, 0);
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
        // output: dZᵀ, feature-major like the layers
        Kernels.transpose(outputDelta, 0, rows, OUTPUT_UNITS, outputPlanes, 0);
        // output: ∇W = Xᵀ·dZ, each entry a dot product of a row of Xᵀ and a row of dZᵀ
        Kernels.planarWeightGradient(hiddenOut, 0, outputPlanes, 0, gradients, OUTPUT_WEIGHTS, OUTPUT_IN, OUTPUT_UNITS, rows);
        // output: dX = dZ·Wᵀ, as dXᵀ = W·dZᵀ, the dA of 'hidden'
        Kernels.planarProduct(parameters, OUTPUT_WEIGHTS, OUTPUT_UNITS, 1, null, 0, outputPlanes, 0, hiddenDelta, 0, OUTPUT_IN, OUTPUT_UNITS, rows);
        // hidden: dZ = dA ⊙ (1 − tanh²(Z)) = dA ⊙ (1 − A²)
        Kernels.tanhBackward(hiddenOut, hiddenDelta, rows * HIDDEN_UNITS);
        // hidden: ∇W = Xᵀ·dZ, each entry a dot product of a row of Xᵀ and a row of dZᵀ
        Kernels.planarWeightGradient(inputPlanes, 0, hiddenDelta, 0, gradients, HIDDEN_WEIGHTS, HIDDEN_IN, HIDDEN_UNITS, rows);
        // hidden: ∇b = 1ᵀ·dZ, the row sums of dZᵀ
        Kernels.rowSums(hiddenDelta, 0, gradients, HIDDEN_BIAS, HIDDEN_UNITS, rows);
        return loss;
    }
}
