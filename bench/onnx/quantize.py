"""Makes the int8 version of an exported Nabla model with ONNX Runtime's own dynamic quantization
(int8 weights, activations quantized per call), as a user shipping with ONNX Runtime would.

usage: python3 bench/onnx/quantize.py FP32.onnx INT8.onnx
needs: python3 -m pip install onnxruntime onnx
"""
import argparse
import os

import onnx
from onnxruntime.quantization import QuantType, quantize_dynamic


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("fp32", help="the exported float32 file")
    parser.add_argument("int8", help="where to write the quantized file")
    args = parser.parse_args()
    quantize_dynamic(args.fp32, args.int8, weight_type=QuantType.QInt8)
    quantized = onnx.load(args.int8)
    operators = sorted({node.op_type for node in quantized.graph.node})
    if "MatMulInteger" not in operators:
        raise SystemExit(f"{args.int8} has no int8 MatMul (operators: {operators})")
    print(f"{args.int8}: {os.path.getsize(args.int8)} bytes "
          f"(float32 {os.path.getsize(args.fp32)}), operators {', '.join(operators)}")


if __name__ == "__main__":
    main()
