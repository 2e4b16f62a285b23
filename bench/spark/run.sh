#!/usr/bin/env bash
# Fashion-MNIST on Spark 3.5 at local[N] (bench/RESULTS.md, "Spark"): converts the IDX files of
# dataset-fashion-mnist to Parquet once, then times MLlib's MultilayerPerceptronClassifier and
# Nabla's data-parallel FashionMlp on the same DataFrame (SparkFashion.java says what each mode
# does). Usage: bench/spark/run.sh convert | mllib HIDDEN MAX_ITER | nabla EPOCHS BATCH sgd|adam LR;
# MASTER=local[1] for one core; JAVA_HOME picks the JDK (Spark 3.5 runs on 17, not 25).
set -euo pipefail
cd "$(dirname "$0")/../.."
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
out=bench/spark/out
mkdir -p "$out/classes"
if [ ! -f "$out/classpath" ] || [ spark/pom.xml -nt "$out/classpath" ]; then
  mvn -B -q -pl spark dependency:build-classpath -DexcludeGroupIds=dev.nabla -Dmdep.outputFile="$PWD/$out/classpath" >/dev/null
fi
mvn -B -q -pl spark,samples -am compile
cp="spark/target/classes:samples/target/classes:runtime/target/classes:$(cat "$out/classpath")"
javac --release 17 -nowarn -d "$out/classes" -cp "$cp" \
  $(find bench/spark/src -name '*.java')
# What Spark's launcher opens on JDK 17 (as spark/pom.xml's tests do), and the Vector API.
opens=$(mvn -B -q -pl spark help:evaluate -Dexpression=spark.test.jdkArgs -DforceStdout \
  | sed 's/\x1b\[[0-9;]*m//g' | tr -s ' \n' ' ')
mode=$1; shift
case "$mode" in
  convert) set -- /usr/share/datasets/fashion-mnist "$out" ;;
  *) set -- "$out" "$@" ;;
esac
"$java" -Xmx3g --add-modules jdk.incubator.vector $opens -Dmaster="${MASTER:-local[2]}" \
  -cp "$out/classes:$cp" dev.nabla.bench.spark.SparkFashion "$mode" "$@" 2>"$out/$mode.log"
