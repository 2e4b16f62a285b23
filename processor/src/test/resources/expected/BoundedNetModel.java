package golden;

import dev.nabla.Activation;
import dev.nabla.Constraint;
import dev.nabla.Loss;
import dev.nabla.internal.DenseShape;
import dev.nabla.internal.FeatureMajorCore;
import dev.nabla.internal.GeneratedModel;
import dev.nabla.internal.ModelCore;
import dev.nabla.internal.WeightMaps;
import javax.annotation.processing.Generated;

/**
 * Generated from {@link BoundedNet}: 9 → 5 sigmoid → 2, SOFTMAX_CROSS_ENTROPY.
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
public final class BoundedNetModel extends BoundedNet implements GeneratedModel {
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
     * The largest maxBatch: every buffer holds at most 9 floats per row,
     * and a Java array at most 2147483639 (Integer.MAX_VALUE − 8).
     */
    public static final int MAX_BATCH_LIMIT = 238609293;

    /**
     * 'hidden': W (9×5) at 0, b (5) at 45.
     */
    private static final DenseShape HIDDEN = new DenseShape(0, "hidden", 9, 5, 0,
            true, Activation.SIGMOID).constrained(Constraint.TANH, -1.0, 1.0, true);

    /**
     * 'output': W (5×2) at 50, b (2) at 60.
     */
    private static final DenseShape OUTPUT = new DenseShape(1, "output", 5, 2, 50,
            true, Activation.IDENTITY).quantized(0.1, true);

    private final Core core;

    /**
     * Allocates every buffer for batches of up to {@code maxBatch} rows and initializes the
     * parameters with {@link #initialize(long) initialize(0)}.
     */
    public BoundedNetModel(int maxBatch) {
        this.core = new Core(maxBatch);
        this.hidden = this.core.layers().get(0);
        this.output = this.core.layers().get(1);
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
    private static final class Core extends FeatureMajorCore {
        private final float[] hiddenOut = new float[maxBatch * HIDDEN.units()];

        private final float[] hiddenDelta = new float[maxBatch * HIDDEN.units()];

        private final float[] outputOut = new float[maxBatch * OUTPUT.units()];

        private final float[] outputDelta = new float[maxBatch * OUTPUT.units()];

        Core(int maxBatch) {
            super("BoundedNetModel", INPUTS, OUTPUTS, Loss.SOFTMAX_CROSS_ENTROPY,
                    PARAMETER_COUNT, MAX_BATCH_LIMIT, true, maxBatch, HIDDEN, OUTPUT);
        }

        @Override
        protected float[] output() {
            return outputOut;
        }

        @Override
        protected void forwardPass(float[] x, int rows) {
            // Xᵀ: one row per input feature, the samples along it
            toFeatureMajor(x, rows, INPUTS, inputPlanes);
            // hidden (9 → 5): Zᵀ = Wᵀ·Xᵀ + b·1ᵀ
            dense(HIDDEN, inputPlanes, hiddenOut, rows);
            // A = σ(Z) = 1 / (1 + e^−Z)
            activate(HIDDEN, hiddenOut, hiddenOut, rows);
            // output (5 → 2): Zᵀ = Wᵀ·Xᵀ + b·1ᵀ
            dense(OUTPUT, hiddenOut, outputPlanes, rows);
            // Z = (Zᵀ)ᵀ, row-major for the loss and the caller
            toRowMajor(outputPlanes, OUTPUTS, rows, outputOut);
        }

        @Override
        protected float outputLoss(float[] targets, int rows, float[] delta) {
            // L = −Σ Y ⊙ log softmax(Z) / m;  dZ = (softmax(Z) − Y) / m
            return softmaxCrossEntropy(outputOut, targets, rows, delta);
        }

        @Override
        protected float backwardPass(float[] x, float[] targets, int rows) {
            float loss = outputLoss(targets, rows, outputDelta);
            // output: dZᵀ, feature-major like the layers
            toFeatureMajor(outputDelta, rows, OUTPUTS, outputPlanes);
            // output: ∇W = Xᵀ·dZ, each entry a dot product of a row of Xᵀ and a row of dZᵀ
            // output: ∇b = 1ᵀ·dZ, the row sums of dZᵀ
            parameterGradients(OUTPUT, hiddenOut, outputPlanes, rows);
            // output: dX = dZ·Wᵀ, as dXᵀ = W·dZᵀ, the dA of 'hidden'
            inputGradient(OUTPUT, outputPlanes, hiddenDelta, rows);
            // hidden: dZ = dA ⊙ σ(Z) ⊙ (1 − σ(Z)) = dA ⊙ A ⊙ (1 − A)
            activationBackward(HIDDEN, hiddenOut, hiddenDelta, rows);
            // hidden: ∇W = Xᵀ·dZ, each entry a dot product of a row of Xᵀ and a row of dZᵀ
            // hidden: ∇b = 1ᵀ·dZ, the row sums of dZᵀ
            parameterGradients(HIDDEN, inputPlanes, hiddenDelta, rows);
            // hidden [W; b]: ∇W′ = ∇W ⊙ (1 − tanh²(W′))
            WeightMaps.tanhRangeBackward(parameters, gradients, 0, 50, 1.0f);
            // output [W; b]: W = 0.1·round(W′), straight-through estimator: ∇W′ = 0.1·∇W
            WeightMaps.scale(gradients, 50, 12, 0.1f);
            return loss;
        }

        @Override
        protected void weightsChanged() {
            // hidden [W; b]: W = tanh(W′)
            WeightMaps.tanhRange(parameters, effective, 0, 50, 0.0f, 1.0f);
            // output [W; b]: W = 0.1·round(W′), W′ counted in steps
            WeightMaps.quantize(parameters, effective, 50, 12, 0.1f, 1f);
        }
    }
}
