package dev.nabla.internal.kernel;

/** Plain-Java kernels: the reference implementation and the oracle for the vector kernels. */
final class ScalarKernels implements KernelSupport {
  static final ScalarKernels INSTANCE = new ScalarKernels();

  private ScalarKernels() {}

  @Override
  public void matmul(float[] a, int aOff, float[] b, int bOff, float[] bias, int biasOff,
      float[] c, int cOff, int m, int k, int n) {
    // i-p-j order: the inner loop streams a row of B into a row of C.
    for (int i = 0; i < m; i++) {
      int ci = cOff + i * n;
      if (bias == null) {
        java.util.Arrays.fill(c, ci, ci + n, 0f);
      } else {
        System.arraycopy(bias, biasOff, c, ci, n);
      }
      for (int p = 0; p < k; p++) {
        float aip = a[aOff + i * k + p];
        int bp = bOff + p * n;
        for (int j = 0; j < n; j++) {
          c[ci + j] += aip * b[bp + j];
        }
      }
    }
  }

  @Override
  public void matmulTransposeA(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff,
      int m, int k, int n) {
    java.util.Arrays.fill(c, cOff, cOff + k * n, 0f);
    for (int i = 0; i < m; i++) {
      int bi = bOff + i * n;
      for (int p = 0; p < k; p++) {
        float aip = a[aOff + i * k + p];
        int cp = cOff + p * n;
        for (int j = 0; j < n; j++) {
          c[cp + j] += aip * b[bi + j];
        }
      }
    }
  }

  @Override
  public void matmulTransposeB(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff,
      int m, int n, int k) {
    for (int i = 0; i < m; i++) {
      int ai = aOff + i * n;
      for (int p = 0; p < k; p++) {
        int bp = bOff + p * n;
        float sum = 0f;
        for (int j = 0; j < n; j++) {
          sum += a[ai + j] * b[bp + j];
        }
        c[cOff + i * k + p] = sum;
      }
    }
  }

  @Override
  public void columnSums(float[] a, int aOff, float[] out, int outOff, int m, int n) {
    java.util.Arrays.fill(out, outOff, outOff + n, 0f);
    for (int i = 0; i < m; i++) {
      int ai = aOff + i * n;
      for (int j = 0; j < n; j++) {
        out[outOff + j] += a[ai + j];
      }
    }
  }

  @Override
  public void featureMajorProduct(float[] c, int cOff, int cRowStride, int cColStride,
      float[] bias, int biasOff, float[] x, int xOff, float[] y, int yOff, int p, int q, int m) {
    for (int i = 0; i < p; i++) {
      int ci = cOff + i * cRowStride;
      int yi = yOff + i * m;
      java.util.Arrays.fill(y, yi, yi + m, bias == null ? 0f : bias[biasOff + i]);
      for (int j = 0; j < q; j++) {
        float cij = c[ci + j * cColStride];
        int xj = xOff + j * m;
        for (int r = 0; r < m; r++) {
          y[yi + r] += cij * x[xj + r];
        }
      }
    }
  }

  @Override
  public void rowSums(float[] d, int dOff, float[] out, int outOff, int p, int m) {
    for (int i = 0; i < p; i++) {
      float sum = 0f;
      for (int r = 0; r < m; r++) {
        sum += d[dOff + i * m + r];
      }
      out[outOff + i] = sum;
    }
  }

  @Override
  public void sigmoid(float[] z, float[] a, int length) {
    for (int i = 0; i < length; i++) {
      a[i] = sigmoid(z[i]);
    }
  }

  static float sigmoid(float z) {
    return (float) (1.0 / (1.0 + Math.exp(-z)));
  }

  @Override
  public void tanh(float[] z, float[] a, int length) {
    for (int i = 0; i < length; i++) {
      a[i] = (float) Math.tanh(z[i]);
    }
  }

  @Override
  public void relu(float[] z, float[] a, int length) {
    for (int i = 0; i < length; i++) {
      a[i] = Math.max(0f, z[i]);
    }
  }

  @Override
  public void sigmoidBackward(float[] a, float[] delta, int length) {
    for (int i = 0; i < length; i++) {
      delta[i] *= a[i] * (1f - a[i]);
    }
  }

  @Override
  public void tanhBackward(float[] a, float[] delta, int length) {
    for (int i = 0; i < length; i++) {
      delta[i] *= 1f - a[i] * a[i];
    }
  }

  @Override
  public void reluBackward(float[] z, float[] delta, int length) {
    for (int i = 0; i < length; i++) {
      if (!(z[i] > 0f)) {
        delta[i] = 0f;
      }
    }
  }

  @Override
  public float softmaxCrossEntropy(float[] logits, float[] targets, float[] delta, int m, int n) {
    double loss = 0;
    float invM = 1f / m;
    for (int i = 0; i < m; i++) {
      int row = i * n;
      float max = Float.NEGATIVE_INFINITY;
      for (int j = 0; j < n; j++) {
        max = Math.max(max, logits[row + j]);
      }
      double sum = 0;
      for (int j = 0; j < n; j++) {
        sum += Math.exp(logits[row + j] - max);
      }
      double logSum = Math.log(sum);
      for (int j = 0; j < n; j++) {
        double logP = logits[row + j] - max - logSum;
        loss -= targets[row + j] * logP;
        if (delta != null) {
          delta[row + j] = ((float) Math.exp(logP) - targets[row + j]) * invM;
        }
      }
    }
    return (float) (loss / m);
  }

  @Override
  public float sigmoidBinaryCrossEntropy(float[] z, float[] a, float[] targets, float[] delta,
      int m, int n) {
    return (float) (binaryCrossEntropyTerms(z, a, targets, delta, 0, m * n, 1f / m) / m);
  }

  /**
   * Σ over [from, to) of −[y log σ(z) + (1 − y) log(1 − σ(z))], evaluated as
   * max(z, 0) − z·y + log(1 + e^−|z|), writing delta = (a − y)·invM there when non-null; also
   * the vector kernel's tail.
   */
  static double binaryCrossEntropyTerms(float[] z, float[] a, float[] targets, float[] delta,
      int from, int to, float invM) {
    double loss = 0;
    for (int i = from; i < to; i++) {
      float zi = z[i];
      loss += Math.max(zi, 0f) - zi * targets[i] + Math.log1p(Math.exp(-Math.abs(zi)));
      if (delta != null) {
        delta[i] = (a[i] - targets[i]) * invM;
      }
    }
    return loss;
  }

  @Override
  public float meanSquaredError(float[] a, float[] targets, float[] delta, int m, int n) {
    double loss = 0;
    float scale = 2f / (m * n);
    for (int i = 0; i < m * n; i++) {
      float d = a[i] - targets[i];
      loss += (double) d * d;
      if (delta != null) {
        delta[i] = d * scale;
      }
    }
    return (float) (loss / ((double) m * n));
  }

  @Override
  public void softmax(float[] z, float[] p, int m, int n) {
    for (int i = 0; i < m; i++) {
      int row = i * n;
      float max = Float.NEGATIVE_INFINITY;
      for (int j = 0; j < n; j++) {
        max = Math.max(max, z[row + j]);
      }
      float sum = 0f;
      for (int j = 0; j < n; j++) {
        float e = (float) Math.exp(z[row + j] - max);
        p[row + j] = e;
        sum += e;
      }
      float inv = 1f / sum;
      for (int j = 0; j < n; j++) {
        p[row + j] *= inv;
      }
    }
  }

  @Override
  public void sgd(float[] params, float[] grads, int offset, int length, float lr,
      float weightDecay) {
    for (int i = offset; i < offset + length; i++) {
      params[i] -= lr * (grads[i] + weightDecay * params[i]);
    }
  }

  @Override
  public void adam(float[] params, float[] grads, float[] m, float[] v, int offset, int length,
      float lr, float beta1, float beta2, float epsilon, float c1, float c2, float weightDecay) {
    for (int i = offset; i < offset + length; i++) {
      float g = grads[i];
      m[i] = beta1 * m[i] + (1f - beta1) * g;
      v[i] = beta2 * v[i] + (1f - beta2) * g * g;
      float mHat = m[i] / c1;
      float vHat = v[i] / c2;
      params[i] -= lr * (mHat / ((float) Math.sqrt(vHat) + epsilon) + weightDecay * params[i]);
    }
  }

  @Override
  public boolean allFinite(float[] values, int length) {
    for (int i = 0; i < length; i++) {
      if (!Float.isFinite(values[i])) {
        return false;
      }
    }
    return true;
  }
}
