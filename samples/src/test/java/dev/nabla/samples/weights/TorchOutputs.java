package dev.nabla.samples.weights;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The outputs files the fixture scripts write beside their weights: '#' comments, rows of numbers. */
final class TorchOutputs {
  private TorchOutputs() {}

  /** The rows of resource {@code name} of this package, each line's numbers as floats. */
  static List<float[]> read(String name) throws IOException {
    List<float[]> rows = new ArrayList<>();
    try (InputStream in = TorchOutputs.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException("no resource " + name + " beside " + TorchOutputs.class);
      }
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!line.isBlank() && !line.startsWith("#")) {
          String[] fields = line.trim().split(" ");
          float[] row = new float[fields.length];
          for (int k = 0; k < fields.length; k++) {
            row[k] = Float.parseFloat(fields[k]);
          }
          rows.add(row);
        }
      }
    }
    return rows;
  }
}
