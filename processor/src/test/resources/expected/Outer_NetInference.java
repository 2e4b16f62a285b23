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
 * Inference-only form of {@link Outer_NetModel}: 3 → 4 tanh → 1, MEAN_SQUARED_ERROR.
 *
 * <p>Effective weights frozen when built, safe to share between threads; see
 * {@link dev.nabla.NablaInference}.
 */
@Generated(
        value = "dev.nabla.processor.NablaProcessor",
        comments = "Forward and backward pass derived by Nabla; do not edit"
)
public final class Outer_NetInference extends InferenceCore {
    /**
     * Width of one input row.
     */
    public static final int INPUTS = 3;

    /**
     * Width of one output row.
     */
    public static final int OUTPUTS = 1;

    /**
     * 'hidden': W (3×4), b (4).
     */
    private static final DenseShape HIDDEN = new DenseShape(0, "hidden", 3, 4, 0,
            true, Activation.TANH);

    /**
     * 'output': W (4×1).
     */
    private static final DenseShape OUTPUT = new DenseShape(1, "output", 4, 1, 16,
            false, Activation.IDENTITY);

    private Outer_NetInference(List<LayerWeights> weights, Precision precision) {
        super("Outer_NetInference", INPUTS, OUTPUTS, Loss.MEAN_SQUARED_ERROR, precision, weights,
                HIDDEN, OUTPUT);
    }

    /**
     * The float32 inference form of {@code model}'s current effective weights.
     */
    public static Outer_NetInference of(Outer_NetModel model) {
        return of(model, Precision.FLOAT32);
    }

    /**
     * The inference form of {@code model}'s current effective weights W = map(W′) and b,
     * copied now and stored in {@code precision}.
     */
    public static Outer_NetInference of(Outer_NetModel model, Precision precision) {
        return new Outer_NetInference(LayerWeights.of(model), precision);
    }

    /**
     * An inference object from each layer's effective weights, in declaration order (names,
     * shapes and bias as declared), e.g. read from a weights file; the arrays are copied.
     */
    public static Outer_NetInference of(List<LayerWeights> weights, Precision precision) {
        return new Outer_NetInference(weights, precision);
    }

    @Override
    protected void forwardPass(InferenceCore.Workspace work, float[] x, int xOff, int rows) {
        // hidden (3 → 4): Z = X·W + 1·bᵀ
        dense(HIDDEN, x, xOff, work, rows);
        // A = tanh(Z)
        activate(HIDDEN, work, rows);
        // output (4 → 1): Z = X·W
        dense(OUTPUT, HIDDEN, work, rows);
    }
}
