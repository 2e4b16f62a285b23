package golden;

import dev.nabla.Activation;
import dev.nabla.Loss;
import dev.nabla.internal.DenseShape;
import dev.nabla.internal.GeneratedModel;
import dev.nabla.internal.ModelCore;
import dev.nabla.internal.RowMajorCore;
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
public final class MnistMlpModel extends MnistMlp implements GeneratedModel {
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
     * 'hidden': W (784×256) at 0, b (256) at 200704.
     */
    private static final DenseShape HIDDEN = new DenseShape(0, "hidden", 784, 256, 0,
            true, Activation.RELU);

    /**
     * 'logits': W (256×10) at 200960, b (10) at 203520.
     */
    private static final DenseShape LOGITS = new DenseShape(1, "logits", 256, 10, 200960,
            true, Activation.IDENTITY);

    private final Core core;

    /**
     * Allocates every buffer for batches of up to {@code maxBatch} rows and initializes the
     * parameters with {@link #initialize(long) initialize(0)}.
     */
    public MnistMlpModel(int maxBatch) {
        this.core = new Core(maxBatch);
        this.hidden = this.core.layers().get(0);
        this.logits = this.core.layers().get(1);
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
        private final float[] hiddenOut = new float[maxBatch * HIDDEN.units()];

        private final float[] hiddenDelta = new float[maxBatch * HIDDEN.units()];

        private final float[] logitsOut = new float[maxBatch * LOGITS.units()];

        private final float[] logitsDelta = new float[maxBatch * LOGITS.units()];

        Core(int maxBatch) {
            super("MnistMlpModel", INPUTS, OUTPUTS, Loss.SOFTMAX_CROSS_ENTROPY,
                    PARAMETER_COUNT, MAX_BATCH_LIMIT, false, maxBatch, HIDDEN, LOGITS);
        }

        @Override
        protected float[] output() {
            return logitsOut;
        }

        @Override
        protected void forwardPass(float[] x, int rows) {
            // hidden (784 → 256): Z = X·W + 1·bᵀ
            dense(HIDDEN, x, hiddenOut, rows);
            // A = max(0, Z)
            activate(HIDDEN, hiddenOut, hiddenOut, rows);
            // logits (256 → 10): Z = X·W + 1·bᵀ
            dense(LOGITS, hiddenOut, logitsOut, rows);
        }

        @Override
        protected float outputLoss(float[] targets, int rows, float[] delta) {
            // L = −Σ Y ⊙ log softmax(Z) / m;  dZ = (softmax(Z) − Y) / m
            return softmaxCrossEntropy(logitsOut, targets, rows, delta);
        }

        @Override
        protected float backwardPass(float[] x, float[] targets, int rows) {
            float loss = outputLoss(targets, rows, logitsDelta);
            // logits: ∇W = Xᵀ·dZ
            // logits: ∇b = 1ᵀ·dZ
            parameterGradients(LOGITS, hiddenOut, logitsDelta, rows);
            // logits: dX = dZ·Wᵀ, the dA of 'hidden'
            inputGradient(LOGITS, logitsDelta, hiddenDelta, rows);
            // hidden: dZ = dA ⊙ [Z > 0] (A > 0 exactly where Z > 0)
            activationBackward(HIDDEN, hiddenOut, hiddenDelta, rows);
            // hidden: ∇W = Xᵀ·dZ
            // hidden: ∇b = 1ᵀ·dZ
            parameterGradients(HIDDEN, x, hiddenDelta, rows);
            return loss;
        }

        @Override
        protected void weightsChanged() {
            // The packed copies of W are stale now; the next forward pass repacks.
            dropPackedWeights();
        }
    }
}
