package golden;

import dev.nabla.Dense;
import dev.nabla.Loss;
import dev.nabla.ModelInputs;
import dev.nabla.NablaModel;
import dev.nabla.OwnerGuard;
import dev.nabla.init.Init;
import dev.nabla.kernel.Kernels;
import dev.nabla.kernel.PackedWeights;
import dev.nabla.optim.Optimizer;
import dev.nabla.train.StepGuard;
import java.util.List;
import java.util.SplittableRandom;
import javax.annotation.processing.Generated;

/**
 * Generated from {@link MnistMlp}: 784 → 256 relu → 10, SOFTMAX_CROSS_ENTROPY.
 *
 * <p>Parameters live in one flat buffer; each layer's W (in × units) is row-major and its bias
 * follows it, so [W; b] is the layer's augmented matrix.
 */
@Generated(
        value = "dev.nabla.processor.NablaProcessor",
        comments = "Forward and backward pass derived by Nabla; do not edit"
)
public final class MnistMlpModel extends MnistMlp implements NablaModel {
    /**
     * Width of one input row.
     */
    public static final int INPUTS = 784;

    /**
     * Width of one output row.
     */
    public static final int OUTPUTS = 10;

    /**
     * Number of trained parameters, all layers together.
     */
    public static final int PARAMETER_COUNT = 203530;

    /**
     * The largest maxBatch: every buffer holds at most 256 floats per row,
     * and a Java array at most 2147483639 (Integer.MAX_VALUE − 8).
     */
    public static final int MAX_BATCH_LIMIT = 8388607;

    /**
     * Input width of 'hidden'.
     */
    public static final int HIDDEN_IN = 784;

    /**
     * Units of 'hidden'.
     */
    public static final int HIDDEN_UNITS = 256;

    /**
     * Offset of 'hidden' W (784×256).
     */
    public static final int HIDDEN_WEIGHTS = 0;

    /**
     * Offset of 'hidden' b (256).
     */
    public static final int HIDDEN_BIAS = 200704;

    /**
     * Input width of 'logits'.
     */
    public static final int LOGITS_IN = 256;

    /**
     * Units of 'logits'.
     */
    public static final int LOGITS_UNITS = 10;

    /**
     * Offset of 'logits' W (256×10).
     */
    public static final int LOGITS_WEIGHTS = 200960;

    /**
     * Offset of 'logits' b (10).
     */
    public static final int LOGITS_BIAS = 203520;

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
     * W of 'hidden' as the matrix kernels pack it, kept from one forward pass to the next
     * until the parameters change.
     */
    private final PackedWeights hiddenPacked = Kernels.packedWeights(HIDDEN_IN, HIDDEN_UNITS);

    /**
     * Z, then A = activation(Z) in place, of 'logits', rows × units.
     */
    private final float[] logitsOut;

    /**
     * dA, then dZ in place, of 'logits'.
     */
    private final float[] logitsDelta;

    /**
     * W of 'logits' as the matrix kernels pack it, kept from one forward pass to the next
     * until the parameters change.
     */
    private final PackedWeights logitsPacked = Kernels.packedWeights(LOGITS_IN, LOGITS_UNITS);

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
     * Refuses a call from a second thread while one is running.
     */
    private final OwnerGuard ownerGuard = new OwnerGuard("MnistMlpModel");

    /**
     * Refuses training steps that would leave non-finite parameters.
     */
    private final StepGuard stepGuard = new StepGuard(PARAMETER_COUNT);

    /**
     * Allocates every buffer for batches of up to {@code maxBatch} rows and initializes the
     * parameters with {@link #initialize(long) initialize(0)}.
     */
    public MnistMlpModel(int maxBatch) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1, got " + maxBatch);
        }
        if (maxBatch > MAX_BATCH_LIMIT) {
            throw new IllegalArgumentException("maxBatch must be at most MAX_BATCH_LIMIT = " + MAX_BATCH_LIMIT + ", the largest whose buffers fit a Java array, got " + maxBatch);
        }
        this.maxBatch = maxBatch;
        this.hiddenOut = new float[maxBatch * HIDDEN_UNITS];
        this.hiddenDelta = new float[maxBatch * HIDDEN_UNITS];
        this.logitsOut = new float[maxBatch * LOGITS_UNITS];
        this.logitsDelta = new float[maxBatch * LOGITS_UNITS];
        this.targets = new float[maxBatch * OUTPUTS];
        this.probabilities = new float[maxBatch * OUTPUTS];
        this.hidden = new Dense(this, "hidden", HIDDEN_IN, HIDDEN_UNITS, true, HIDDEN_WEIGHTS, parameters, parameters);
        this.logits = new Dense(this, "logits", LOGITS_IN, LOGITS_UNITS, true, LOGITS_WEIGHTS, parameters, parameters);
        this.layers = List.of(hidden, logits);
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
            hidden.initialize(Init.heNormal(), Init.zeros(), random);
            logits.initialize(Init.xavierUniform(), Init.zeros(), random);
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
        return Loss.SOFTMAX_CROSS_ENTROPY;
    }

    @Override
    public void parametersChanged() {
        boolean entered = ownerGuard.enter("parametersChanged");
        try {
            // The packed copies of W are stale now; the next forward pass repacks.
            hiddenPacked.invalidate();
            logitsPacked.invalidate();
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
            return logitsOut;
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
            Kernels.softmax(logitsOut, probabilities, rows, OUTPUTS);
            return probabilities;
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
                classes[r] = ModelInputs.argMax(logitsOut, r * OUTPUTS, OUTPUTS);
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
            return ModelInputs.argMax(logitsOut, 0, OUTPUTS);
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
            ModelInputs.checkTargets(Loss.SOFTMAX_CROSS_ENTROPY, targets, rows, OUTPUTS);
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
            ModelInputs.checkTargets(Loss.SOFTMAX_CROSS_ENTROPY, targets, rows, OUTPUTS);
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
        // hidden (784 → 256): Z = X·W + 1·bᵀ
        Kernels.matmul(x, 0, parameters, HIDDEN_WEIGHTS, hiddenPacked, parameters, HIDDEN_BIAS, hiddenOut, 0, rows, HIDDEN_IN, HIDDEN_UNITS);
        // A = max(0, Z)
        Kernels.relu(hiddenOut, hiddenOut, rows * HIDDEN_UNITS);
        // logits (256 → 10): Z = X·W + 1·bᵀ
        Kernels.matmul(hiddenOut, 0, parameters, LOGITS_WEIGHTS, logitsPacked, parameters, LOGITS_BIAS, logitsOut, 0, rows, LOGITS_IN, LOGITS_UNITS);
    }

    /**
     * The mean loss of the last forward pass; writes its gradient into {@code delta} unless null.
     */
    private float outputLoss(float[] targets, int rows, float[] delta) {
        // L = −Σ Y ⊙ log softmax(Z) / m;  dZ = (softmax(Z) − Y) / m
        return Kernels.softmaxCrossEntropy(logitsOut, targets, delta, rows, OUTPUTS);
    }

    /**
     * Backpropagation through the layers of the last forward pass; returns the loss.
     */
    private float backwardPass(float[] x, float[] targets, int rows) {
        float loss = outputLoss(targets, rows, logitsDelta);
        // logits: ∇W = Xᵀ·dZ
        Kernels.matmulTransposeA(hiddenOut, 0, logitsDelta, 0, gradients, LOGITS_WEIGHTS, rows, LOGITS_IN, LOGITS_UNITS);
        // logits: ∇b = 1ᵀ·dZ
        Kernels.columnSums(logitsDelta, 0, gradients, LOGITS_BIAS, rows, LOGITS_UNITS);
        // logits: dX = dZ·Wᵀ, the dA of 'hidden'
        Kernels.matmulTransposeB(logitsDelta, 0, parameters, LOGITS_WEIGHTS, hiddenDelta, 0, rows, LOGITS_UNITS, LOGITS_IN);
        // hidden: dZ = dA ⊙ [Z > 0] (A > 0 exactly where Z > 0)
        Kernels.reluBackward(hiddenOut, hiddenDelta, rows * HIDDEN_UNITS);
        // hidden: ∇W = Xᵀ·dZ
        Kernels.matmulTransposeA(x, 0, hiddenDelta, 0, gradients, HIDDEN_WEIGHTS, rows, HIDDEN_IN, HIDDEN_UNITS);
        // hidden: ∇b = 1ᵀ·dZ
        Kernels.columnSums(hiddenDelta, 0, gradients, HIDDEN_BIAS, rows, HIDDEN_UNITS);
        return loss;
    }
}
