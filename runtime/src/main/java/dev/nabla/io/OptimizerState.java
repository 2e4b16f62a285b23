package dev.nabla.io;

import dev.nabla.optim.Adam;
import dev.nabla.optim.Optimizer;
import dev.nabla.optim.RmsProp;
import dev.nabla.optim.Sgd;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a weights file keeps of each optimizer {@link Weights} knows: its kind, the
 * hyper-parameters its buffers depend on (a resumed optimizer must have the same), Adam's step
 * count, and its per-parameter buffers, each stored per layer part under its own prefix, named
 * like PyTorch's state: {@code nabla.adam.m.}, {@code nabla.adam.v.},
 * {@code nabla.sgd.momentum_buffer.}, {@code nabla.rmsprop.square_avg.} and
 * {@code nabla.rmsprop.momentum_buffer.}.
 */
final class OptimizerState {
  static final String OPTIMIZER = "nabla.optimizer";
  static final String ADAM_STEPS = "nabla.adam.steps";
  static final String ADAM_FIRST = "nabla.adam.m.";
  static final String ADAM_SECOND = "nabla.adam.v.";
  static final String SGD_VELOCITY = "nabla.sgd.momentum_buffer.";
  static final String RMSPROP_SQUARES = "nabla.rmsprop.square_avg.";
  static final String RMSPROP_BUFFER = "nabla.rmsprop.momentum_buffer.";
  /** Every buffer prefix, for checking a file's tensor names. */
  static final List<String> PREFIXES =
      List.of(ADAM_FIRST, ADAM_SECOND, SGD_VELOCITY, RMSPROP_SQUARES, RMSPROP_BUFFER);
  /** The prefixes of the buffers an SGD or RMSprop file holds, comma-separated. */
  static final String BUFFERS = "nabla.optimizer.buffers";
  private static final String SGD_MOMENTUM = "nabla.sgd.momentum";
  private static final String SGD_NESTEROV = "nabla.sgd.nesterov";

  private OptimizerState() {}

  static String kind(Optimizer optimizer) {
    if (optimizer instanceof Adam) {
      return "Adam";
    }
    if (optimizer instanceof Sgd) {
      return "SGD";
    }
    if (optimizer instanceof RmsProp) {
      return "RMSprop";
    }
    throw new IllegalArgumentException("Weights saves the state of Adam, Sgd and RmsProp, not of "
        + optimizer.getClass().getName());
  }

  /** The hyper-parameters the state depends on, as the metadata records them. */
  static Map<String, String> settings(Optimizer optimizer) {
    Map<String, String> settings = new LinkedHashMap<>();
    if (optimizer instanceof Adam adam) {
      settings.put("nabla.adam.beta1", Float.toString(adam.beta1()));
      settings.put("nabla.adam.beta2", Float.toString(adam.beta2()));
    } else if (optimizer instanceof Sgd sgd) {
      settings.put(SGD_MOMENTUM, Float.toString(sgd.momentumCoefficient()));
      settings.put(SGD_NESTEROV, Boolean.toString(sgd.isNesterov()));
    } else if (optimizer instanceof RmsProp rms) {
      settings.put("nabla.rmsprop.alpha", Float.toString(rms.alpha()));
      settings.put("nabla.rmsprop.momentum", Float.toString(rms.momentumCoefficient()));
    }
    return settings;
  }

  /** The buffers by prefix, each one value per parameter, or empty before the first step. */
  static Map<String, float[]> buffers(Optimizer optimizer) {
    Map<String, float[]> buffers = new LinkedHashMap<>();
    if (optimizer instanceof Adam adam) {
      buffers.put(ADAM_FIRST, adam.firstMoment());
      buffers.put(ADAM_SECOND, adam.secondMoment());
    } else if (optimizer instanceof Sgd sgd) {
      buffers.put(SGD_VELOCITY, sgd.velocity());
    } else if (optimizer instanceof RmsProp rms) {
      buffers.put(RMSPROP_SQUARES, rms.squareAverage());
      buffers.put(RMSPROP_BUFFER, rms.momentumBuffer());
    }
    return buffers;
  }

  /**
   * The prefixes of the buffers a file with {@code kind}'s state holds: Adam's moments once it
   * has taken a step, else those {@link #BUFFERS} lists, which must fit the file's settings
   * (a velocity needs momentum; RMSprop's momentum buffer comes with its square averages exactly
   * when it has momentum).
   */
  static List<String> savedBuffers(String kind, int adamSteps, Map<String, String> metadata) {
    if (kind.equals("Adam")) {
      return adamSteps > 0 ? List.of(ADAM_FIRST, ADAM_SECOND) : List.of();
    }
    String listed = metadata.getOrDefault(BUFFERS, "");
    List<String> buffers = listed.isEmpty() ? List.of() : List.of(listed.split(",", -1));
    boolean momentum;
    List<String> allowed;
    if (kind.equals("SGD")) {
      momentum = !"0.0".equals(metadata.getOrDefault(SGD_MOMENTUM, "0.0"));
      allowed = momentum ? List.of(SGD_VELOCITY) : List.of();
    } else if (kind.equals("RMSprop")) {
      momentum = !"0.0".equals(metadata.get("nabla.rmsprop.momentum"));
      allowed = buffers.isEmpty() ? List.of()
          : momentum ? List.of(RMSPROP_SQUARES, RMSPROP_BUFFER) : List.of(RMSPROP_SQUARES);
    } else {
      throw new IllegalArgumentException(OPTIMIZER + " is '" + kind
          + "'; Weights knows the state of Adam, SGD and RMSprop");
    }
    if (!buffers.isEmpty() && !buffers.equals(allowed)) {
      throw new IllegalArgumentException(BUFFERS + " is '" + listed + "', but " + kind
          + " with these settings keeps " + (allowed.isEmpty() ? "no buffer" : allowed));
    }
    return buffers;
  }

  /** Whether the buffer of {@code prefix} holds only values {@code >= 0}. */
  static boolean nonNegative(String prefix) {
    return prefix.equals(ADAM_SECOND) || prefix.equals(RMSPROP_SQUARES);
  }

  /**
   * Refuses a file whose state was made with other hyper-parameters than {@code optimizer}'s.
   * SGD files from before the velocity was saved have no settings: plain SGD.
   */
  static void checkSettings(Optimizer optimizer, Map<String, String> metadata) {
    for (Map.Entry<String, String> setting : settings(optimizer).entrySet()) {
      String key = setting.getKey();
      String saved = metadata.getOrDefault(key, key.equals(SGD_MOMENTUM) ? "0.0"
          : key.equals(SGD_NESTEROV) ? "false" : null);
      if (!setting.getValue().equals(saved)) {
        throw new IllegalArgumentException(key.substring(key.lastIndexOf('.') + 1)
            + ": the file's " + kind(optimizer) + " state was made with " + saved
            + ", the optimizer has " + setting.getValue());
      }
    }
  }

  /**
   * Restores {@code optimizer} (checked against the file by {@link #checkSettings}) from
   * {@code steps} and the buffers read by prefix, empty where the file has none.
   */
  static void restore(Optimizer optimizer, int steps, Map<String, float[]> buffers) {
    if (optimizer instanceof Adam adam) {
      adam.restore(steps, buffers.get(ADAM_FIRST), buffers.get(ADAM_SECOND));
    } else if (optimizer instanceof Sgd sgd) {
      sgd.restore(buffers.get(SGD_VELOCITY));
    } else if (optimizer instanceof RmsProp rms) {
      rms.restore(buffers.get(RMSPROP_SQUARES), buffers.get(RMSPROP_BUFFER));
    }
  }
}
