package dev.nabla.samples.weights;

import dev.nabla.Dense;
import dev.nabla.Embedding;
import dev.nabla.Layer;
import dev.nabla.Recurrent;
import dev.nabla.RecurrentCell;
import dev.nabla.Sequence;

/** The sequence models the weights-file tests save and load. */
final class SequenceNets {
  private SequenceNets() {}

  /** The RNN of {@code make_torch_sequence_fixtures.py}: Embedding(5, 3), RNN(3, 4), Linear. */
  @Sequence(steps = 4)
  abstract static class TorchRnn {
    @Embedding(vocabulary = 5, dimension = 3) Dense embed;
    @Recurrent(units = 4) RecurrentCell cell;
    @Layer(units = 5) Dense output;
  }

  /** The LSTM of {@code make_torch_sequence_fixtures.py}: Embedding(5, 3), LSTM(3, 4), Linear. */
  @Sequence(steps = 4)
  abstract static class TorchLstm {
    @Embedding(vocabulary = 5, dimension = 3) Dense embed;
    @Recurrent(units = 4, cell = Recurrent.Cell.LSTM) RecurrentCell cell;
    @Layer(units = 5) Dense output;
  }

  /** {@link TorchRnn} over 7 steps, classifying from the last: the same weights. */
  @Sequence(steps = 7, targets = Sequence.Targets.LAST_STEP)
  abstract static class LongerRnn {
    @Embedding(vocabulary = 5, dimension = 3) Dense embed;
    @Recurrent(units = 4) RecurrentCell cell;
    @Layer(units = 5) Dense output;
  }

  /** {@link TorchRnn} with a sigmoid cell: another architecture of the same shapes. */
  @Sequence(steps = 4)
  abstract static class SigmoidRnn {
    @Embedding(vocabulary = 5, dimension = 3) Dense embed;
    @Recurrent(units = 4, activation = dev.nabla.Activation.SIGMOID) RecurrentCell cell;
    @Layer(units = 5) Dense output;
  }

  /** An embedding straight into the output layer, as the d2l framework's study. */
  @Sequence(steps = 4)
  abstract static class EmbeddingOnly {
    @Embedding(vocabulary = 5, dimension = 3) Dense embed;
    @Layer(units = 5) Dense output;
  }
}
