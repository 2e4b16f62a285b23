package dev.nabla;

/**
 * What every generated inference object offers ({@code <Model>Inference}, built by its static
 * {@code of} methods from a trained model or from {@link LayerWeights}): the forward pass of a
 * trained model over effective weights frozen when it was built, in the chosen
 * {@link Precision}. Later training of the model does not change it.
 *
 * <p><b>Many threads at once.</b> One instance may be called from any number of threads
 * concurrently: its weights are immutable and shared, each thread gets its own working memory
 * (sized for a tile of rows, allocated at the thread's first call and kept while the thread and
 * the instance live), and results go into arrays the caller passes. After a thread's first calls
 * nothing is allocated per call. Any number of rows is accepted; batches run tile by tile.
 *
 * <p>Inputs are row-major {@code rows × inputs()} arrays of finite numbers, as for
 * {@link NablaModel}. Bad input throws an {@link IllegalArgumentException} (a null argument a
 * {@link NullPointerException}) naming what was wrong, before anything is written.
 */
public interface NablaInference {
  int inputs();

  int outputs();

  Precision precision();

  /**
   * Writes the outputs of {@code rows} rows of {@code x} into {@code out} (rows × outputs(),
   * row-major), as {@link NablaModel#predict} gives them: softmax probabilities for softmax
   * cross-entropy, the output activations otherwise.
   */
  void predict(float[] x, int rows, float[] out);

  /** Arg-max class of one input row. */
  int predictClass(float[] x);

  /** Arg-max class of each of {@code rows} rows, written into {@code classes}. */
  void predictClasses(float[] x, int rows, int[] classes);

  /** Bytes held by the weights in their storage, packed copies included. */
  long weightBytes();
}
