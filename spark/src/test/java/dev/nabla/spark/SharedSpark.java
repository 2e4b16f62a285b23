package dev.nabla.spark;

import org.apache.spark.sql.SparkSession;

/** The one local[2] SparkSession of the test JVM, started by the first test that needs it. */
final class SharedSpark {
  private SharedSpark() {}

  static SparkSession session() {
    return Holder.SESSION;
  }

  private static final class Holder {
    static final SparkSession SESSION = SparkSession.builder()
        .master("local[2]")
        .appName("nabla-spark-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.driver.host", "127.0.0.1")
        .getOrCreate();
  }
}
