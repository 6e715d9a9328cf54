#!/usr/bin/env python3
"""Builds the small ONNX test models in tests/onnx/models/ and their reference data.

For every model NAME this writes:
  NAME.onnx          the model (ONNX helper API, opset 13 unless the name says otherwise,
                     random weights; make_op_models.py has the per-operator models, and
                     the torch-exported whole models come from make_torch_models.py)
  NAME.input.json    {"input_data": [[...]]}  (the EZKL input convention)
  NAME.output.json   {"output_data": [[...]], "shape": [...], "source": "onnxruntime X"}
                     onnxruntime's output for that input (CPU provider, float32)
and unsupported_lstm.onnx (a node 'conv2' with op LSTM) for the rejection test.

Run from the repository root (regenerates everything deterministically):
  python3 -m venv build/pyenv-onnx
  build/pyenv-onnx/bin/pip install -r tests/onnx/requirements.txt
  build/pyenv-onnx/bin/python tests/onnx/make_models.py
Python only produces test data; nothing in the library or the tests runs it.
"""
import json
import os

import numpy as np
import onnx
import onnxruntime as ort
from onnx import TensorProto, helper, numpy_helper

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "models")
OPSET = 13
rng = np.random.default_rng(20261121)


def rand(*shape, scale=1.0):
    return (rng.standard_normal(shape) * scale).astype(np.float32)


def init(name, arr):
    return numpy_helper.from_array(np.asarray(arr), name)


def model(name, nodes, in_shape, out_shape, inits=(), in_name="x", out_name="y", opset=OPSET,
          out_type=TensorProto.FLOAT):
    g = helper.make_graph(
        nodes, name,
        [helper.make_tensor_value_info(in_name, TensorProto.FLOAT, in_shape)],
        [helper.make_tensor_value_info(out_name, out_type, out_shape)],
        initializer=list(inits))
    m = helper.make_model(g, producer_name="zkinfer-tests", opset_imports=[helper.make_opsetid("", opset)])
    m.ir_version = 8 if opset <= 18 else 9
    if out_shape is None:  # let ONNX's shape inference declare the output shape
        m = onnx.shape_inference.infer_shapes(m, strict_mode=True)
    onnx.checker.check_model(m)
    return m


def save(name, m, x_shape, x=None):
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, name + ".onnx")
    if m is not None:  # None: a model already written (tests/onnx/make_torch_models.py)
        onnx.save(m, path)
    if x is None:
        x = rand(*x_shape)
    sess = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
    (y,) = sess.run(None, {sess.get_inputs()[0].name: x})
    y = np.asarray(y, dtype=np.float32)
    with open(os.path.join(OUT, name + ".input.json"), "w") as f:
        json.dump({"input_data": [[float(v) for v in x.reshape(-1)]]}, f)
        f.write("\n")
    with open(os.path.join(OUT, name + ".output.json"), "w") as f:
        json.dump({"output_data": [[float(v) for v in y.reshape(-1)]], "shape": list(y.shape),
                   "source": "onnxruntime " + ort.__version__}, f)
        f.write("\n")
    print(f"{name}: in {list(x.shape)} out {list(y.shape)} ({os.path.getsize(path)} bytes)")


def conv_models():
    # 3x3, pads 1, bias
    w, b = rand(4, 3, 3, 3), rand(4)
    save("conv_basic", model("conv_basic", [
        helper.make_node("Conv", ["x", "w", "b"], ["y"], name="conv", kernel_shape=[3, 3], pads=[1, 1, 1, 1])],
        [1, 3, 8, 8], [1, 4, 8, 8], [init("w", w), init("b", b)]), [1, 3, 8, 8])
    # stride 2, dilation 2, asymmetric pads, no bias, batch 2
    w = rand(5, 2, 3, 2)
    save("conv_stride_dil", model("conv_stride_dil", [
        helper.make_node("Conv", ["x", "w"], ["y"], name="conv", strides=[2, 1], dilations=[2, 2],
                         pads=[0, 1, 2, 1])],
        [2, 2, 9, 7], [2, 5, 4, 7], [init("w", w)]), [2, 2, 9, 7])
    # groups 2, 4 -> 6 channels, non-square kernel
    w, b = rand(6, 2, 3, 2), rand(6)
    save("conv_groups", model("conv_groups", [
        helper.make_node("Conv", ["x", "w", "b"], ["y"], name="conv", group=2, strides=[1, 2], pads=[1, 0, 1, 1])],
        [1, 4, 6, 7], [1, 6, 6, 4], [init("w", w), init("b", b)]), [1, 4, 6, 7])
    # depthwise (group = channels)
    w = rand(3, 1, 3, 3)
    save("conv_depthwise", model("conv_depthwise", [
        helper.make_node("Conv", ["x", "w"], ["y"], name="conv", group=3, pads=[1, 1, 1, 1])],
        [1, 3, 5, 5], [1, 3, 5, 5], [init("w", w)]), [1, 3, 5, 5])
    for ap in ("SAME_UPPER", "SAME_LOWER", "VALID"):
        w = rand(2, 2, 3, 3)
        nm = "conv_autopad_" + ap.lower()
        save(nm, model(nm, [helper.make_node("Conv", ["x", "w"], ["y"], name="conv", auto_pad=ap, strides=[2, 2])],
                       [1, 2, 8, 7], [1, 2, 3, 3] if ap == "VALID" else [1, 2, 4, 4], [init("w", w)]),
             [1, 2, 8, 7])


def gemm_models():
    # transA, transB, alpha, beta, C of shape [N] broadcast over rows
    b, c = rand(4, 6), rand(4)
    save("gemm_trans", model("gemm_trans", [
        helper.make_node("Gemm", ["x", "b", "c"], ["y"], name="gemm", transA=1, transB=1, alpha=0.5, beta=2.0)],
        [6, 3], [3, 4], [init("b", b), init("c", c)]), [6, 3])
    b, c = rand(5, 3), rand(2, 1)
    save("gemm_bcast_col", model("gemm_bcast_col", [
        helper.make_node("Gemm", ["x", "b", "c"], ["y"], name="gemm")],
        [2, 5], [2, 3], [init("b", b), init("c", c)]), [2, 5])
    b = rand(5, 3)
    save("gemm_noc", model("gemm_noc", [helper.make_node("Gemm", ["x", "b"], ["y"], name="gemm", alpha=1.5)],
                           [4, 5], [4, 3], [init("b", b)]), [4, 5])
    # activation as B, weight as A
    a = rand(3, 4)
    save("gemm_act_b", model("gemm_act_b", [helper.make_node("Gemm", ["a", "x"], ["y"], name="gemm")],
                             [4, 2], [3, 2], [init("a", a)]), [4, 2])


def matmul_models():
    save("matmul_2d", model("matmul_2d", [helper.make_node("MatMul", ["x", "w"], ["y"], name="mm")],
                            [3, 5], [3, 4], [init("w", rand(5, 4))]), [3, 5])
    save("matmul_batched", model("matmul_batched", [helper.make_node("MatMul", ["x", "w"], ["y"], name="mm")],
                                 [2, 3, 5], [2, 3, 4], [init("w", rand(5, 4))]), [2, 3, 5])
    save("matmul_bcast", model("matmul_bcast", [helper.make_node("MatMul", ["x", "w"], ["y"], name="mm")],
                               [2, 1, 3, 4], [2, 3, 3, 2], [init("w", rand(3, 4, 2))]), [2, 1, 3, 4])
    save("matmul_vec", model("matmul_vec", [helper.make_node("MatMul", ["x", "w"], ["y"], name="mm")],
                             [5], [4], [init("w", rand(5, 4))]), [5])
    save("matmul_vec_right", model("matmul_vec_right", [helper.make_node("MatMul", ["w", "x"], ["y"], name="mm")],
                                   [5], [2, 3], [init("w", rand(2, 3, 5))]), [5])


def elementwise_models():
    save("relu", model("relu", [helper.make_node("Relu", ["x"], ["y"], name="relu")], [2, 3, 4], [2, 3, 4]),
         [2, 3, 4])
    save("add_bcast", model("add_bcast", [helper.make_node("Add", ["x", "c"], ["y"], name="add")],
                            [2, 3, 4], [2, 3, 4], [init("c", rand(3, 1))]), [2, 3, 4])
    save("add_bcast_both", model("add_bcast_both", [helper.make_node("Add", ["c", "x"], ["y"], name="add")],
                                 [3, 1, 5], [2, 3, 4, 5], [init("c", rand(2, 1, 4, 1))]), [3, 1, 5])
    save("add_scalar", model("add_scalar", [helper.make_node("Add", ["x", "c"], ["y"], name="add")],
                             [4, 3], [4, 3], [init("c", np.array(-0.75, dtype=np.float32))]), [4, 3])
    # two run-time operands: x + relu(x)
    save("add_residual", model("add_residual", [
        helper.make_node("Relu", ["x"], ["r"], name="relu"),
        helper.make_node("Add", ["x", "r"], ["y"], name="add")], [1, 2, 3, 3], [1, 2, 3, 3]), [1, 2, 3, 3])


def pool_models():
    save("maxpool_basic", model("maxpool_basic", [
        helper.make_node("MaxPool", ["x"], ["y"], name="pool", kernel_shape=[3, 3], strides=[2, 2],
                         pads=[1, 1, 1, 1])], [1, 2, 7, 6], [1, 2, 4, 3]), [1, 2, 7, 6])
    save("maxpool_ceil", model("maxpool_ceil", [
        helper.make_node("MaxPool", ["x"], ["y"], name="pool", kernel_shape=[2, 3], strides=[2, 2],
                         ceil_mode=1)], [1, 1, 7, 8], [1, 1, 4, 4]), [1, 1, 7, 8])
    save("maxpool_dil", model("maxpool_dil", [
        helper.make_node("MaxPool", ["x"], ["y"], name="pool", kernel_shape=[2, 2], dilations=[2, 2],
                         pads=[0, 1, 1, 0])], [2, 1, 6, 6], [2, 1, 5, 5]), [2, 1, 6, 6])


def shape_models():
    save("reshape", model("reshape", [helper.make_node("Reshape", ["x", "s"], ["y"], name="reshape")],
                          [2, 3, 4], [2, 12], [init("s", np.array([0, -1], dtype=np.int64))]), [2, 3, 4])
    save("flatten_axis2", model("flatten_axis2", [helper.make_node("Flatten", ["x"], ["y"], name="flat", axis=2)],
                                [2, 3, 2, 2], [6, 4]), [2, 3, 2, 2])
    save("flatten_axis0", model("flatten_axis0", [helper.make_node("Flatten", ["x"], ["y"], name="flat", axis=0)],
                                [2, 3], [1, 6]), [2, 3])
    # Constant node feeding Add, then Identity
    c = helper.make_tensor("cv", TensorProto.FLOAT, [3], [0.5, -1.25, 2.0])
    save("constant_identity", model("constant_identity", [
        helper.make_node("Constant", [], ["c"], name="const", value=c),
        helper.make_node("Add", ["x", "c"], ["s"], name="add"),
        helper.make_node("Identity", ["s"], ["y"], name="id")], [2, 3], [2, 3]), [2, 3])
    # torch-style x.view(x.size(0), -1) with a dynamic batch dim "N" (resolved to 1)
    w = rand(2, 2, 3, 3)
    nodes = [
        helper.make_node("Conv", ["x", "w"], ["c"], name="conv", pads=[1, 1, 1, 1]),
        helper.make_node("Shape", ["c"], ["sh"], name="shape"),
        helper.make_node("Constant", [], ["zero"], name="k0",
                         value=helper.make_tensor("z", TensorProto.INT64, [], [0])),
        helper.make_node("Gather", ["sh", "zero"], ["n"], name="gather", axis=0),
        helper.make_node("Constant", [], ["ax"], name="k1",
                         value=helper.make_tensor("a", TensorProto.INT64, [1], [0])),
        helper.make_node("Unsqueeze", ["n", "ax"], ["n1"], name="unsq"),
        helper.make_node("Constant", [], ["m1"], name="k2",
                         value=helper.make_tensor("m", TensorProto.INT64, [1], [-1])),
        helper.make_node("Concat", ["n1", "m1"], ["target"], name="concat", axis=0),
        helper.make_node("Reshape", ["c", "target"], ["y"], name="reshape")]
    save("shape_chain", model("shape_chain", nodes, ["N", 2, 4, 4], ["N", 32], [init("w", w)]), [1, 2, 4, 4])


def net_models():
    # conv -> relu -> maxpool -> conv -> relu -> maxpool -> flatten -> gemm
    w1, b1 = rand(4, 1, 3, 3, scale=0.5), rand(4, scale=0.1)
    w2, b2 = rand(8, 4, 3, 3, scale=0.3), rand(8, scale=0.1)
    wf, bf = rand(10, 72, scale=0.2), rand(10, scale=0.1)
    nodes = [
        helper.make_node("Conv", ["x", "w1", "b1"], ["c1"], name="conv1", kernel_shape=[3, 3], pads=[1, 1, 1, 1]),
        helper.make_node("Relu", ["c1"], ["r1"], name="relu1"),
        helper.make_node("MaxPool", ["r1"], ["p1"], name="pool1", kernel_shape=[2, 2], strides=[2, 2]),
        helper.make_node("Conv", ["p1", "w2", "b2"], ["c2"], name="conv2", kernel_shape=[3, 3]),
        helper.make_node("Relu", ["c2"], ["r2"], name="relu2"),
        helper.make_node("MaxPool", ["r2"], ["p2"], name="pool2", kernel_shape=[2, 2], strides=[2, 2]),
        helper.make_node("Flatten", ["p2"], ["f"], name="flatten"),
        helper.make_node("Gemm", ["f", "wf", "bf"], ["y"], name="fc", transB=1)]
    x = np.clip(rng.random((1, 1, 16, 16)).astype(np.float32), 0, 1)
    save("cnn", model("cnn", nodes, ["batch", 1, 16, 16], ["batch", 10],
                      [init(k, v) for k, v in [("w1", w1), ("b1", b1), ("w2", w2), ("b2", b2), ("wf", wf),
                                               ("bf", bf)]]), None, x)
    # MLP as torch exports nn.Linear: Gemm with transB=1
    w1, b1, w2, b2 = rand(16, 8, scale=0.4), rand(16, scale=0.1), rand(3, 16, scale=0.3), rand(3, scale=0.1)
    save("mlp", model("mlp", [
        helper.make_node("Gemm", ["x", "w1", "b1"], ["h"], name="fc1", transB=1),
        helper.make_node("Relu", ["h"], ["r"], name="relu"),
        helper.make_node("Gemm", ["r", "w2", "b2"], ["y"], name="fc2", transB=1)],
        [1, 8], [1, 3], [init("w1", w1), init("b1", b1), init("w2", w2), init("b2", b2)]), [1, 8])


def unsupported_model():
    g = helper.make_graph(
        [helper.make_node("Relu", ["x"], ["r"], name="relu"),
         helper.make_node("LSTM", ["r", "W", "R"], ["y"], name="conv2", hidden_size=2)],
        "unsupported", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 1, 2])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, None)],
        initializer=[init("W", rand(1, 8, 2)), init("R", rand(1, 8, 2))])
    m = helper.make_model(g, opset_imports=[helper.make_opsetid("", OPSET)])
    m.ir_version = 8
    onnx.save(m, os.path.join(OUT, "unsupported_lstm.onnx"))


def bad_models():
    # well-formed protobuf, inconsistent shapes: 3 input channels, weight expects 2
    g = helper.make_graph([helper.make_node("Conv", ["x", "w"], ["y"], name="conv")], "bad_conv_channels",
                          [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 3, 4, 4])],
                          [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 2, 2, 2])],
                          initializer=[init("w", rand(2, 2, 3, 3))])
    m = helper.make_model(g, opset_imports=[helper.make_opsetid("", OPSET)])
    m.ir_version = 8
    onnx.save(m, os.path.join(OUT, "bad_conv_channels.onnx"))
    # a node reading a tensor nobody produces
    g = helper.make_graph([helper.make_node("Relu", ["nowhere"], ["y"], name="relu")], "bad_undefined",
                          [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2])],
                          [helper.make_tensor_value_info("y", TensorProto.FLOAT, [2])])
    m = helper.make_model(g, opset_imports=[helper.make_opsetid("", OPSET)])
    m.ir_version = 8
    onnx.save(m, os.path.join(OUT, "bad_undefined.onnx"))


from make_hostile_models import hostile_models  # noqa: E402  (hostile files for the error paths)
from make_op_models import op_models  # noqa: E402  (the operator coverage of issue 7)


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    bad_models()
    conv_models()
    gemm_models()
    matmul_models()
    elementwise_models()
    pool_models()
    shape_models()
    net_models()
    unsupported_model()
    op_models(save, model, init, rand, rng)
    hostile_models(OUT)
