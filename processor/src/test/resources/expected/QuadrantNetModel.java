package golden;

import dev.nabla.Activation;
import dev.nabla.Loss;
import dev.nabla.internal.DenseShape;
import dev.nabla.internal.FeatureMajorCore;
import dev.nabla.internal.GeneratedModel;
import dev.nabla.internal.ModelCore;
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
public final class QuadrantNetModel extends QuadrantNet implements GeneratedModel {
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
     * 'hidden1': W (2×3) at 0, b (3) at 6.
     */
    private static final DenseShape HIDDEN1 = new DenseShape(0, "hidden1", 2, 3, 0,
            true, Activation.SIGMOID);

    /**
     * 'hidden2': W (3×3) at 9, b (3) at 18.
     */
    private static final DenseShape HIDDEN2 = new DenseShape(1, "hidden2", 3, 3, 9,
            true, Activation.SIGMOID);

    /**
     * 'output': W (3×4) at 21, b (4) at 33.
     */
    private static final DenseShape OUTPUT = new DenseShape(2, "output", 3, 4, 21,
            true, Activation.SIGMOID);

    private final Core core;

    /**
     * Allocates every buffer for batches of up to {@code maxBatch} rows and initializes the
     * parameters with {@link #initialize(long) initialize(0)}.
     */
    public QuadrantNetModel(int maxBatch) {
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
    private static final class Core extends FeatureMajorCore {
        private final float[] hidden1Out = new float[maxBatch * HIDDEN1.units()];

        private final float[] hidden1Delta = new float[maxBatch * HIDDEN1.units()];

        private final float[] hidden2Out = new float[maxBatch * HIDDEN2.units()];

        private final float[] hidden2Delta = new float[maxBatch * HIDDEN2.units()];

        private final float[] outputLogits = new float[maxBatch * OUTPUT.units()];

        private final float[] outputOut = new float[maxBatch * OUTPUT.units()];

        private final float[] outputDelta = new float[maxBatch * OUTPUT.units()];

        Core(int maxBatch) {
            super("QuadrantNetModel", INPUTS, OUTPUTS, Loss.BINARY_CROSS_ENTROPY,
                    PARAMETER_COUNT, MAX_BATCH_LIMIT, false, maxBatch, HIDDEN1, HIDDEN2, OUTPUT);
        }

        @Override
        protected float[] output() {
            return outputOut;
        }

        @Override
        protected void forwardPass(float[] x, int rows) {
            // Xᵀ: one row per input feature, the samples along it
            toFeatureMajor(x, rows, INPUTS, inputPlanes);
            // hidden1 (2 → 3): Zᵀ = Wᵀ·Xᵀ + b·1ᵀ
            dense(HIDDEN1, inputPlanes, hidden1Out, rows);
            // A = σ(Z) = 1 / (1 + e^−Z)
            activate(HIDDEN1, hidden1Out, hidden1Out, rows);
            // hidden2 (3 → 3): Zᵀ = Wᵀ·Xᵀ + b·1ᵀ
            dense(HIDDEN2, hidden1Out, hidden2Out, rows);
            // A = σ(Z) = 1 / (1 + e^−Z)
            activate(HIDDEN2, hidden2Out, hidden2Out, rows);
            // output (3 → 4): Zᵀ = Wᵀ·Xᵀ + b·1ᵀ
            dense(OUTPUT, hidden2Out, outputPlanes, rows);
            // Z = (Zᵀ)ᵀ, row-major for the loss and the caller
            toRowMajor(outputPlanes, OUTPUTS, rows, outputLogits);
            // A = σ(Z) = 1 / (1 + e^−Z)
            activate(OUTPUT, outputLogits, outputOut, rows);
        }

        @Override
        protected float outputLoss(float[] targets, int rows, float[] delta) {
            // L = −Σ [Y ⊙ log A + (1 − Y) ⊙ log(1 − A)] / m with A = σ(Z), evaluated from Z;  dZ = (A − Y) / m
            return sigmoidBinaryCrossEntropy(outputLogits, outputOut, targets, rows, delta);
        }

        @Override
        protected float backwardPass(float[] x, float[] targets, int rows) {
            float loss = outputLoss(targets, rows, outputDelta);
            // output: dZᵀ, feature-major like the layers
            toFeatureMajor(outputDelta, rows, OUTPUTS, outputPlanes);
            // output: ∇W = Xᵀ·dZ, each entry a dot product of a row of Xᵀ and a row of dZᵀ
            // output: ∇b = 1ᵀ·dZ, the row sums of dZᵀ
            parameterGradients(OUTPUT, hidden2Out, outputPlanes, rows);
            // output: dX = dZ·Wᵀ, as dXᵀ = W·dZᵀ, the dA of 'hidden2'
            inputGradient(OUTPUT, outputPlanes, hidden2Delta, rows);
            // hidden2: dZ = dA ⊙ σ(Z) ⊙ (1 − σ(Z)) = dA ⊙ A ⊙ (1 − A)
            activationBackward(HIDDEN2, hidden2Out, hidden2Delta, rows);
            // hidden2: ∇W = Xᵀ·dZ, each entry a dot product of a row of Xᵀ and a row of dZᵀ
            // hidden2: ∇b = 1ᵀ·dZ, the row sums of dZᵀ
            parameterGradients(HIDDEN2, hidden1Out, hidden2Delta, rows);
            // hidden2: dX = dZ·Wᵀ, as dXᵀ = W·dZᵀ, the dA of 'hidden1'
            inputGradient(HIDDEN2, hidden2Delta, hidden1Delta, rows);
            // hidden1: dZ = dA ⊙ σ(Z) ⊙ (1 − σ(Z)) = dA ⊙ A ⊙ (1 − A)
            activationBackward(HIDDEN1, hidden1Out, hidden1Delta, rows);
            // hidden1: ∇W = Xᵀ·dZ, each entry a dot product of a row of Xᵀ and a row of dZᵀ
            // hidden1: ∇b = 1ᵀ·dZ, the row sums of dZᵀ
            parameterGradients(HIDDEN1, inputPlanes, hidden1Delta, rows);
            return loss;
        }

        @Override
        protected void weightsChanged() {
            // No constrained or quantized layer: the forward pass reads W′ itself.
        }
    }
}
