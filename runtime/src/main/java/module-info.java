/**
 * Nabla's runtime: the annotations a model is declared with, the {@link dev.nabla.NablaModel}
 * interface generated models implement, optimizers, initializers, data tools, the training
 * loop and weights files. {@code dev.nabla.internal} is exported only because generated code in
 * the user's module calls it; it is not API and changes without notice.
 *
 * <p>The Vector API is optional: without {@code --add-modules jdk.incubator.vector} the kernels run
 * scalar.
 */
module dev.nabla {
  requires static jdk.incubator.vector;
  // The warm-up waits for the JIT to go idle through its management bean.
  requires java.management;

  exports dev.nabla;
  exports dev.nabla.data;
  exports dev.nabla.init;
  exports dev.nabla.io;
  exports dev.nabla.kernel;
  exports dev.nabla.optim;
  exports dev.nabla.train;
  exports dev.nabla.internal;
}
