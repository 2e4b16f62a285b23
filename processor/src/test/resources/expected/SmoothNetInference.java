package golden;

import dev.nabla.Activation;
import dev.nabla.LayerWeights;
import dev.nabla.Loss;
import dev.nabla.Precision;
import dev.nabla.internal.DenseShape;
import dev.nabla.internal.InferenceCore;
import java.util.List;
import javax.annotation.processing.Generated;

/**
 * Inference-only form of {@link SmoothNetModel}: 3 → 4 gelu → 4 leaky_relu → 3 softplus → 3 softmax, HUBER.
 *
 * <p>Effective weights frozen when built, safe to share between threads; see
 * {@link dev.nabla.NablaInference}.
 */
@Generated(
        value = "dev.nabla.processor.NablaProcessor",
        comments = "Forward and backward pass derived by Nabla; do not edit"
)
public final class SmoothNetInference extends InferenceCore {
    /**
     * Width of one input row.
     */
    public static final int INPUTS = 3;

    /**
     * Width of one output row.
     */
    public static final int OUTPUTS = 3;

    /**
     * 'gelu': W (3×4), b (4).
     */
    private static final DenseShape GELU = new DenseShape(0, "gelu", 3, 4, 0,
            true, Activation.GELU);

    /**
     * 'leaky': W (4×4), b (4).
     */
    private static final DenseShape LEAKY = new DenseShape(1, "leaky", 4, 4, 16,
            true, Activation.LEAKY_RELU).slope(0.2);

    /**
     * 'softplus': W (4×3), b (3).
     */
    private static final DenseShape SOFTPLUS = new DenseShape(2, "softplus", 4, 3, 36,
            true, Activation.SOFTPLUS);

    /**
     * 'output': W (3×3), b (3).
     */
    private static final DenseShape OUTPUT = new DenseShape(3, "output", 3, 3, 51,
            true, Activation.SOFTMAX);

    private SmoothNetInference(List<LayerWeights> weights, Precision precision) {
        super("SmoothNetInference", INPUTS, OUTPUTS, Loss.HUBER, precision, weights, GELU, LEAKY,
                SOFTPLUS, OUTPUT);
    }

    /**
     * The float32 inference form of {@code model}'s current effective weights.
     */
    public static SmoothNetInference of(SmoothNetModel model) {
        return of(model, Precision.FLOAT32);
    }

    /**
     * The inference form of {@code model}'s current effective weights W = map(W′) and b,
     * copied now and stored in {@code precision}.
     */
    public static SmoothNetInference of(SmoothNetModel model, Precision precision) {
        return new SmoothNetInference(LayerWeights.of(model), precision);
    }

    /**
     * An inference object from each layer's effective weights, in declaration order (names,
     * shapes and bias as declared), e.g. read from a weights file; the arrays are copied.
     */
    public static SmoothNetInference of(List<LayerWeights> weights, Precision precision) {
        return new SmoothNetInference(weights, precision);
    }

    @Override
    protected void forwardPass(InferenceCore.Workspace work, float[] x, int xOff, int rows) {
        // gelu (3 → 4): Z = X·W + 1·bᵀ
        dense(GELU, x, xOff, work, rows);
        // A = Z ⊙ Φ(Z) = Z ⊙ (1 + erf(Z/√2)) / 2
        activate(GELU, work, rows);
        // leaky (4 → 4): Z = X·W + 1·bᵀ
        dense(LEAKY, GELU, work, rows);
        // A = max(0, Z) + 0.2·min(0, Z)
        activate(LEAKY, work, rows);
        // softplus (4 → 3): Z = X·W + 1·bᵀ
        dense(SOFTPLUS, LEAKY, work, rows);
        // A = log(1 + e^Z) = max(Z, 0) + log(1 + e^−|Z|)
        activate(SOFTPLUS, work, rows);
        // output (3 → 3): Z = X·W + 1·bᵀ
        dense(OUTPUT, SOFTPLUS, work, rows);
        // A = softmax(Z), each row e^Z / Σ e^Z
        activate(OUTPUT, work, rows);
    }
}
