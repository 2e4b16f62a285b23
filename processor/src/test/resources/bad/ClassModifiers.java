package bad;

import dev.nabla.Dense;
import dev.nabla.Layer;
import dev.nabla.Loss;
import dev.nabla.Model;

/** Seven @Model classes the generated subclass cannot extend. */
class ClassModifiers {
  @Model(inputs = 2, loss = Loss.MEAN_SQUARED_ERROR)
  private static class PrivateNet {
    @Layer(units = 1) Dense out;
  }

  @Model(inputs = 2, loss = Loss.MEAN_SQUARED_ERROR)
  abstract class InnerNet {
    @Layer(units = 1) Dense out;
  }

  @Model(inputs = 2, loss = Loss.MEAN_SQUARED_ERROR)
  interface InterfaceNet {
    // Interface fields are implicitly public static final: also a FieldModifiers error.
    @Layer(units = 1) Dense out = null;
  }

  @Model(inputs = 2, loss = Loss.MEAN_SQUARED_ERROR)
  abstract static sealed class SealedNet permits SealedNet.Only {
    @Layer(units = 1) Dense out;

    static final class Only extends SealedNet {}
  }

  @Model(inputs = 2, loss = Loss.MEAN_SQUARED_ERROR)
  abstract static class GenericNet<T, U extends Number> {
    @Layer(units = 1) Dense out;
  }

  private static class Hidden {
    @Model(inputs = 2, loss = Loss.MEAN_SQUARED_ERROR)
    abstract static class HiddenNet {
      @Layer(units = 1) Dense out;
    }
  }
}

@Model(inputs = 2, loss = Loss.MEAN_SQUARED_ERROR)
final class FinalNet {
  @Layer(units = 1) Dense out;
}
