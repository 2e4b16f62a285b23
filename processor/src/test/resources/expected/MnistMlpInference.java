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
 * Inference-only form of {@link MnistMlpModel}: 784 → 256 relu → 10, SOFTMAX_CROSS_ENTROPY.
 *
 * <p>Effective weights frozen when built, safe to share between threads; see
 * {@link dev.nabla.NablaInference}.
 */
@Generated(
        value = "dev.nabla.processor.NablaProcessor",
        comments = "Forward and backward pass derived by Nabla; do not edit"
)
public final class MnistMlpInference extends InferenceCore {
    /**
     * Width of one input row.
     */
    public static final int INPUTS = 784;

    /**
     * Width of one output row.
     */
    public static final int OUTPUTS = 10;

    /**
     * 'hidden': W (784×256), b (256).
     */
    private static final DenseShape HIDDEN = new DenseShape(0, "hidden", 784, 256, 0,
            true, Activation.RELU);

    /**
     * 'logits': W (256×10), b (10).
     */
    private static final DenseShape LOGITS = new DenseShape(1, "logits", 256, 10, 200960,
            true, Activation.IDENTITY);

    private MnistMlpInference(List<LayerWeights> weights, Precision precision) {
        super("MnistMlpInference", INPUTS, OUTPUTS, Loss.SOFTMAX_CROSS_ENTROPY, precision, weights,
                HIDDEN, LOGITS);
    }

    /**
     * The float32 inference form of {@code model}'s current effective weights.
     */
    public static MnistMlpInference of(MnistMlpModel model) {
        return of(model, Precision.FLOAT32);
    }

    /**
     * The inference form of {@code model}'s current effective weights W = map(W′) and b,
     * copied now and stored in {@code precision}.
     */
    public static MnistMlpInference of(MnistMlpModel model, Precision precision) {
        return new MnistMlpInference(LayerWeights.of(model), precision);
    }

    /**
     * An inference object from each layer's effective weights, in declaration order (names,
     * shapes and bias as declared), e.g. read from a weights file; the arrays are copied.
     */
    public static MnistMlpInference of(List<LayerWeights> weights, Precision precision) {
        return new MnistMlpInference(weights, precision);
    }

    @Override
    protected void forwardPass(InferenceCore.Workspace work, float[] x, int xOff, int rows) {
        // hidden (784 → 256): Z = X·W + 1·bᵀ
        dense(HIDDEN, x, xOff, work, rows);
        // A = max(0, Z)
        activate(HIDDEN, work, rows);
        // logits (256 → 10): Z = X·W + 1·bᵀ
        dense(LOGITS, HIDDEN, work, rows);
    }
}
