package golden;

import dev.nabla.Activation;
import dev.nabla.Loss;
import dev.nabla.internal.DenseShape;
import dev.nabla.internal.FeatureMajorCore;
import dev.nabla.internal.GeneratedModel;
import dev.nabla.internal.ModelCore;
import javax.annotation.processing.Generated;

/**
 * Generated from {@link SmoothNet}: 3 → 4 gelu → 4 leaky_relu → 3 softplus → 3 softmax, HUBER.
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
public final class SmoothNetModel extends SmoothNet implements GeneratedModel {
    /**
     * Width of one input row.
     */
    public static final int INPUTS = 3;

    /**
     * Width of one output row.
     */
    public static final int OUTPUTS = 3;

    /**
     * Number of trained parameters, all layers together.
     */
    public static final int PARAMETER_COUNT = 63;

    /**
     * The largest maxBatch: every buffer holds at most 4 floats per row,
     * and a Java array at most 2147483639 (Integer.MAX_VALUE − 8).
     */
    public static final int MAX_BATCH_LIMIT = 536870909;

    /**
     * 'gelu': W (3×4) at 0, b (4) at 12.
     */
    private static final DenseShape GELU = new DenseShape(0, "gelu", 3, 4, 0,
            true, Activation.GELU);

    /**
     * 'leaky': W (4×4) at 16, b (4) at 32.
     */
    private static final DenseShape LEAKY = new DenseShape(1, "leaky", 4, 4, 16,
            true, Activation.LEAKY_RELU).slope(0.2);

    /**
     * 'softplus': W (4×3) at 36, b (3) at 48.
     */
    private static final DenseShape SOFTPLUS = new DenseShape(2, "softplus", 4, 3, 36,
            true, Activation.SOFTPLUS);

    /**
     * 'output': W (3×3) at 51, b (3) at 60.
     */
    private static final DenseShape OUTPUT = new DenseShape(3, "output", 3, 3, 51,
            true, Activation.SOFTMAX);

    private final Core core;

    /**
     * Allocates every buffer for batches of up to {@code maxBatch} rows and initializes the
     * parameters with {@link #initialize(long) initialize(0)}.
     */
    public SmoothNetModel(int maxBatch) {
        this.core = new Core(maxBatch);
        this.gelu = this.core.layers().get(0);
        this.leaky = this.core.layers().get(1);
        this.softplus = this.core.layers().get(2);
        this.output = this.core.layers().get(3);
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
        private final float[] geluLogits = new float[maxBatch * GELU.units()];

        private final float[] geluOut = new float[maxBatch * GELU.units()];

        private final float[] geluDelta = new float[maxBatch * GELU.units()];

        private final float[] leakyOut = new float[maxBatch * LEAKY.units()];

        private final float[] leakyDelta = new float[maxBatch * LEAKY.units()];

        private final float[] softplusOut = new float[maxBatch * SOFTPLUS.units()];

        private final float[] softplusDelta = new float[maxBatch * SOFTPLUS.units()];

        private final float[] outputOut = new float[maxBatch * OUTPUT.units()];

        private final float[] outputDelta = new float[maxBatch * OUTPUT.units()];

        Core(int maxBatch) {
            super("SmoothNetModel", INPUTS, OUTPUTS, Loss.HUBER,
                    PARAMETER_COUNT, MAX_BATCH_LIMIT, false, maxBatch, GELU, LEAKY, SOFTPLUS,
                    OUTPUT);
        }

        @Override
        protected float[] output() {
            return outputOut;
        }

        @Override
        protected void forwardPass(float[] x, int rows) {
            // Xᵀ: one row per input feature, the samples along it
            toFeatureMajor(x, rows, INPUTS, inputPlanes);
            // gelu (3 → 4): Zᵀ = Wᵀ·Xᵀ + b·1ᵀ
            dense(GELU, inputPlanes, geluLogits, rows);
            // A = Z ⊙ Φ(Z) = Z ⊙ (1 + erf(Z/√2)) / 2
            activate(GELU, geluLogits, geluOut, rows);
            // leaky (4 → 4): Zᵀ = Wᵀ·Xᵀ + b·1ᵀ
            dense(LEAKY, geluOut, leakyOut, rows);
            // A = max(0, Z) + 0.2·min(0, Z)
            activate(LEAKY, leakyOut, leakyOut, rows);
            // softplus (4 → 3): Zᵀ = Wᵀ·Xᵀ + b·1ᵀ
            dense(SOFTPLUS, leakyOut, softplusOut, rows);
            // A = log(1 + e^Z) = max(Z, 0) + log(1 + e^−|Z|)
            activate(SOFTPLUS, softplusOut, softplusOut, rows);
            // output (3 → 3): Zᵀ = Wᵀ·Xᵀ + b·1ᵀ
            dense(OUTPUT, softplusOut, outputPlanes, rows);
            // Z = (Zᵀ)ᵀ, row-major for the loss and the caller
            toRowMajor(outputPlanes, OUTPUTS, rows, outputOut);
            // A = softmax(Z), each row e^Z / Σ e^Z
            activate(OUTPUT, outputOut, outputOut, rows);
        }

        @Override
        protected float outputLoss(float[] targets, int rows, float[] delta) {
            // L = Σ h(A − Y) / (m·n), h(d) = d²/2 for |d| < δ, else δ(|d| − δ/2), δ = 0.5;  dA = clamp(A − Y, −δ, δ) / (m·n)
            return huber(outputOut, targets, rows, delta, 0.5f);
        }

        @Override
        protected float backwardPass(float[] x, float[] targets, int rows) {
            float loss = outputLoss(targets, rows, outputDelta);
            // output: dZ = A ⊙ (dA − (dA·A)1), the Jacobian-vector product of each row
            activationBackward(OUTPUT, outputOut, outputDelta, rows);
            // output: dZᵀ, feature-major like the layers
            toFeatureMajor(outputDelta, rows, OUTPUTS, outputPlanes);
            // output: ∇W = Xᵀ·dZ, each entry a dot product of a row of Xᵀ and a row of dZᵀ
            // output: ∇b = 1ᵀ·dZ, the row sums of dZᵀ
            parameterGradients(OUTPUT, softplusOut, outputPlanes, rows);
            // output: dX = dZ·Wᵀ, as dXᵀ = W·dZᵀ, the dA of 'softplus'
            inputGradient(OUTPUT, outputPlanes, softplusDelta, rows);
            // softplus: dZ = dA ⊙ σ(Z) = dA ⊙ (1 − e^−A)
            activationBackward(SOFTPLUS, softplusOut, softplusDelta, rows);
            // softplus: ∇W = Xᵀ·dZ, each entry a dot product of a row of Xᵀ and a row of dZᵀ
            // softplus: ∇b = 1ᵀ·dZ, the row sums of dZᵀ
            parameterGradients(SOFTPLUS, leakyOut, softplusDelta, rows);
            // softplus: dX = dZ·Wᵀ, as dXᵀ = W·dZᵀ, the dA of 'leaky'
            inputGradient(SOFTPLUS, softplusDelta, leakyDelta, rows);
            // leaky: dZ = dA ⊙ ([Z > 0] + 0.2·[Z ≤ 0]) (A > 0 exactly where Z > 0)
            activationBackward(LEAKY, leakyOut, leakyDelta, rows);
            // leaky: ∇W = Xᵀ·dZ, each entry a dot product of a row of Xᵀ and a row of dZᵀ
            // leaky: ∇b = 1ᵀ·dZ, the row sums of dZᵀ
            parameterGradients(LEAKY, geluOut, leakyDelta, rows);
            // leaky: dX = dZ·Wᵀ, as dXᵀ = W·dZᵀ, the dA of 'gelu'
            inputGradient(LEAKY, leakyDelta, geluDelta, rows);
            // gelu: dZ = dA ⊙ (Φ(Z) + Z ⊙ φ(Z)), from Z: A does not determine it
            activationBackward(GELU, geluLogits, geluDelta, rows);
            // gelu: ∇W = Xᵀ·dZ, each entry a dot product of a row of Xᵀ and a row of dZᵀ
            // gelu: ∇b = 1ᵀ·dZ, the row sums of dZᵀ
            parameterGradients(GELU, inputPlanes, geluDelta, rows);
            return loss;
        }

        @Override
        protected void weightsChanged() {
            // No constrained or quantized layer: the forward pass reads W′ itself.
        }
    }
}
