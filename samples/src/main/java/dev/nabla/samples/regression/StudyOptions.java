package dev.nabla.samples.regression;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * The options of the regression studies: {@code --plot DIR} (null: no figures) and
 * {@code --seeds 0,1,2} (the table shows the first; default 0).
 */
record StudyOptions(Path plots, long[] seeds) {
  static StudyOptions parse(String[] args) {
    Path plots = null;
    long[] seeds = {0};
    for (int i = 0; i < args.length; i += 2) {
      if (i + 1 >= args.length || !args[i].equals("--plot") && !args[i].equals("--seeds")) {
        throw new IllegalArgumentException("unknown option " + args[i]
            + "; known: --plot DIR, --seeds 0,1,2");
      }
      if (args[i].equals("--plot")) {
        plots = Path.of(args[i + 1]);
      } else {
        seeds = Arrays.stream(args[i + 1].split(",")).mapToLong(Long::parseLong).toArray();
      }
    }
    return new StudyOptions(plots, seeds);
  }
}
