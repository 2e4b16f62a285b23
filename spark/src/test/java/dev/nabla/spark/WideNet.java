package dev.nabla.spark;

import dev.nabla.Dense;
import dev.nabla.Layer;
import dev.nabla.Loss;
import dev.nabla.Model;

/** A classifier with wide rows: a per-row copy of its features would be plain to see. */
@Model(inputs = 200, loss = Loss.SOFTMAX_CROSS_ENTROPY)
abstract class WideNet {
  @Layer(units = 3) Dense output;
}
