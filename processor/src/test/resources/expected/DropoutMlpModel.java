package golden;

import dev.nabla.Activation;
import dev.nabla.Loss;
import dev.nabla.internal.DenseShape;
import dev.nabla.internal.DropoutMask;
import dev.nabla.internal.GeneratedModel;
import dev.nabla.internal.ModelCore;
import dev.nabla.internal.RowMajorCore;
import javax.annotation.processing.Generated;

/**
 * Generated from {@link DropoutMlp}: 784 → 256 relu → 256 relu → 10, SOFTMAX_CROSS_ENTROPY.
 *
 * <p>Parameters live in one flat buffer; each layer's W (in × units) is row-major and its bias
 * follows it, so [W; b] is the layer's augmented matrix.
 */
@Generated(
        value = "dev.nabla.processor.NablaProcessor",
        comments = "Forward and backward pass derived by Nabla; do not edit"
)
public final class DropoutMlpModel extends DropoutMlp implements GeneratedModel {
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
    public static final int PARAMETER_COUNT = 269322;

    /**
     * The largest maxBatch: every buffer holds at most 256 floats per row,
     * and a Java array at most 2147483639 (Integer.MAX_VALUE − 8).
     */
    public static final int MAX_BATCH_LIMIT = 8388607;

    /**
     * 'hidden1': W (784×256) at 0, b (256) at 200704; dropout 0.2 in training.
     */
    private static final DenseShape HIDDEN1 = new DenseShape(0, "hidden1", 784, 256, 0,
            true, Activation.RELU);

    /**
     * 'hidden2': W (256×256) at 200960, b (256) at 266496; dropout 0.5 in training.
     */
    private static final DenseShape HIDDEN2 = new DenseShape(1, "hidden2", 256, 256, 200960,
            true, Activation.RELU);

    /**
     * 'output': W (256×10) at 266752, b (10) at 269312.
     */
    private static final DenseShape OUTPUT = new DenseShape(2, "output", 256, 10, 266752,
            true, Activation.IDENTITY);

    private final Core core;

    /**
     * Allocates every buffer for batches of up to {@code maxBatch} rows and initializes the
     * parameters with {@link #initialize(long) initialize(0)}.
     */
    public DropoutMlpModel(int maxBatch) {
        this.core = new Core(maxBatch);
        this.hidden1 = this.core.layers().get(0);
        this.hidden2 = this.core.layers().get(1);
        this.output = this.core.layers().get(2);
        this.core.initialize(0L);
    }

    @Override
    public ModelCore nablaCore() {
        return core;
    }

    /**
     * This network's buffers and passes; per layer, {@code *Out} holds Z, then A = activation(Z)
     * in place ({@code *Logits} keeps Z apart where the loss needs it), and {@code *Delta} dA, then
     * dZ in place.
     */
    private static final class Core extends RowMajorCore {
        private final float[] hidden1Out = new float[maxBatch * HIDDEN1.units()];

        private final float[] hidden1Delta = new float[maxBatch * HIDDEN1.units()];

        private final float[] hidden2Out = new float[maxBatch * HIDDEN2.units()];

        private final float[] hidden2Delta = new float[maxBatch * HIDDEN2.units()];

        private final float[] outputOut = new float[maxBatch * OUTPUT.units()];

        private final float[] outputDelta = new float[maxBatch * OUTPUT.units()];

        private final DropoutMask hidden1Dropout = dropout(HIDDEN1, 0.2f);

        private final DropoutMask hidden2Dropout = dropout(HIDDEN2, 0.5f);

        Core(int maxBatch) {
            super("DropoutMlpModel", INPUTS, OUTPUTS, Loss.SOFTMAX_CROSS_ENTROPY,
                    PARAMETER_COUNT, MAX_BATCH_LIMIT, false, maxBatch, HIDDEN1, HIDDEN2, OUTPUT);
        }

        @Override
        protected float[] output() {
            return outputOut;
        }

        @Override
        protected void forwardPass(float[] x, int rows) {
            // hidden1 (784 → 256): Z = X·W + 1·bᵀ
            dense(HIDDEN1, x, hidden1Out, rows);
            // A = max(0, Z)
            activate(HIDDEN1, hidden1Out, hidden1Out, rows);
            // hidden1: D = A ⊙ M in training, M = [U ≥ 0.2] / (1 − 0.2), U ~ Uniform[0, 1) per row and unit; else D = A
            float[] hidden1Kept = hidden1Dropout.apply(hidden1Out, rows);
            // hidden2 (256 → 256): Z = X·W + 1·bᵀ
            dense(HIDDEN2, hidden1Kept, hidden2Out, rows);
            // A = max(0, Z)
            activate(HIDDEN2, hidden2Out, hidden2Out, rows);
            // hidden2: D = A ⊙ M in training, M = [U ≥ 0.5] / (1 − 0.5), U ~ Uniform[0, 1) per row and unit; else D = A
            float[] hidden2Kept = hidden2Dropout.apply(hidden2Out, rows);
            // output (256 → 10): Z = X·W + 1·bᵀ
            dense(OUTPUT, hidden2Kept, outputOut, rows);
        }

        @Override
        protected float outputLoss(float[] targets, int rows, float[] delta) {
            // L = −Σ Y ⊙ log softmax(Z) / m;  dZ = (softmax(Z) − Y) / m
            return softmaxCrossEntropy(outputOut, targets, rows, delta);
        }

        @Override
        protected float backwardPass(float[] x, float[] targets, int rows) {
            float loss = outputLoss(targets, rows, outputDelta);
            // output: ∇W = Xᵀ·dZ
            // output: ∇b = 1ᵀ·dZ
            parameterGradients(OUTPUT, hidden2Dropout.dropped(), outputDelta, rows);
            // output: dX = dZ·Wᵀ, the dD of 'hidden2' (D = A ⊙ M)
            inputGradient(OUTPUT, outputDelta, hidden2Delta, rows);
            // hidden2: dA = dD ⊙ M, with the mask of the forward pass
            hidden2Dropout.backward(hidden2Delta, rows);
            // hidden2: dZ = dA ⊙ [Z > 0] (A > 0 exactly where Z > 0)
            activationBackward(HIDDEN2, hidden2Out, hidden2Delta, rows);
            // hidden2: ∇W = Xᵀ·dZ
            // hidden2: ∇b = 1ᵀ·dZ
            parameterGradients(HIDDEN2, hidden1Dropout.dropped(), hidden2Delta, rows);
            // hidden2: dX = dZ·Wᵀ, the dD of 'hidden1' (D = A ⊙ M)
            inputGradient(HIDDEN2, hidden2Delta, hidden1Delta, rows);
            // hidden1: dA = dD ⊙ M, with the mask of the forward pass
            hidden1Dropout.backward(hidden1Delta, rows);
            // hidden1: dZ = dA ⊙ [Z > 0] (A > 0 exactly where Z > 0)
            activationBackward(HIDDEN1, hidden1Out, hidden1Delta, rows);
            // hidden1: ∇W = Xᵀ·dZ
            // hidden1: ∇b = 1ᵀ·dZ
            parameterGradients(HIDDEN1, x, hidden1Delta, rows);
            return loss;
        }

        @Override
        protected void weightsChanged() {
            // The packed copies of W are stale now; the next forward pass repacks.
            dropPackedWeights();
        }
    }
}
