package golden;

import dev.nabla.Activation;
import dev.nabla.Loss;
import dev.nabla.internal.DenseShape;
import dev.nabla.internal.FeatureMajorCore;
import dev.nabla.internal.GeneratedModel;
import dev.nabla.internal.ModelCore;
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
public final class Outer_NetModel extends Outer.Net implements GeneratedModel {
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
     * 'hidden': W (3×4) at 0, b (4) at 12.
     */
    private static final DenseShape HIDDEN = new DenseShape(0, "hidden", 3, 4, 0,
            true, Activation.TANH);

    /**
     * 'output': W (4×1) at 16.
     */
    private static final DenseShape OUTPUT = new DenseShape(1, "output", 4, 1, 16,
            false, Activation.IDENTITY);

    private final Core core;

    /**
     * Allocates every buffer for batches of up to {@code maxBatch} rows and initializes the
     * parameters with {@link #initialize(long) initialize(0)}.
     */
    public Outer_NetModel(int maxBatch) {
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
            super("Outer_NetModel", INPUTS, OUTPUTS, Loss.MEAN_SQUARED_ERROR,
                    PARAMETER_COUNT, MAX_BATCH_LIMIT, false, maxBatch, HIDDEN, OUTPUT);
        }

        @Override
        protected float[] output() {
            return outputOut;
        }

        @Override
        protected void forwardPass(float[] x, int rows) {
            // Xᵀ: one row per input feature, the samples along it
            toFeatureMajor(x, rows, INPUTS, inputPlanes);
            // hidden (3 → 4): Zᵀ = Wᵀ·Xᵀ + b·1ᵀ
            dense(HIDDEN, inputPlanes, hiddenOut, rows);
            // A = tanh(Z)
            activate(HIDDEN, hiddenOut, hiddenOut, rows);
            // output (4 → 1): Zᵀ = Wᵀ·Xᵀ
            dense(OUTPUT, hiddenOut, outputPlanes, rows);
            // Z = (Zᵀ)ᵀ, row-major for the loss and the caller
            toRowMajor(outputPlanes, OUTPUTS, rows, outputOut);
        }

        @Override
        protected float outputLoss(float[] targets, int rows, float[] delta) {
            // L = Σ (A − Y)² / (m·n);  dA = 2(A − Y) / (m·n)
            return meanSquaredError(outputOut, targets, rows, delta);
        }

        @Override
        protected float backwardPass(float[] x, float[] targets, int rows) {
            float loss = outputLoss(targets, rows, outputDelta);
            // output: dZᵀ, feature-major like the layers
            toFeatureMajor(outputDelta, rows, OUTPUTS, outputPlanes);
            // output: ∇W = Xᵀ·dZ, each entry a dot product of a row of Xᵀ and a row of dZᵀ
            parameterGradients(OUTPUT, hiddenOut, outputPlanes, rows);
            // output: dX = dZ·Wᵀ, as dXᵀ = W·dZᵀ, the dA of 'hidden'
            inputGradient(OUTPUT, outputPlanes, hiddenDelta, rows);
            // hidden: dZ = dA ⊙ (1 − tanh²(Z)) = dA ⊙ (1 − A²)
            activationBackward(HIDDEN, hiddenOut, hiddenDelta, rows);
            // hidden: ∇W = Xᵀ·dZ, each entry a dot product of a row of Xᵀ and a row of dZᵀ
            // hidden: ∇b = 1ᵀ·dZ, the row sums of dZᵀ
            parameterGradients(HIDDEN, inputPlanes, hiddenDelta, rows);
            return loss;
        }

        @Override
        protected void weightsChanged() {
            // No constrained or quantized layer: the forward pass reads W′ itself.
        }
    }
}
