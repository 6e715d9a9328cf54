"""Hostile ONNX files for the importer's error paths (called by make_models.py):
protobufs that parse but lie (wrong tensor types, absurd or negative dims, sizes whose
product overflows, cycles, missing initializers, external data, bad input counts, an
unknown domain, shape arithmetic that would allocate gigabytes, inconsistent data). Each
is written without onnx.checker, as a producer could. tests/onnx/test_hostile.c expects
a clear error for each (status and the name of the node or tensor at fault).
"""
import os

import numpy as np
from onnx import TensorProto, helper, numpy_helper

N = helper.make_node


def hostile_models(out_dir):
    def lying(dims):
        """A float tensor 'w' whose dims claim dims and that holds one value."""
        t = helper.make_tensor("w", TensorProto.FLOAT, [1], [1.0])
        del t.dims[:]
        t.dims.extend(dims)
        return t

    def save(name, nodes, inits=(), in_shape=(1, 4), opset=13, out_type=TensorProto.FLOAT):
        g = helper.make_graph(nodes, name, [helper.make_tensor_value_info("x", TensorProto.FLOAT, list(in_shape))],
                              [helper.make_tensor_value_info("y", out_type, None)], initializer=list(inits))
        m = helper.make_model(g, opset_imports=[helper.make_opsetid("", opset)])
        m.ir_version = 8
        with open(os.path.join(out_dir, name + ".onnx"), "wb") as f:
            f.write(m.SerializeToString())

    f32 = lambda *s: numpy_helper.from_array(np.ones(s, np.float32), "w")  # noqa: E731
    conv = N("Conv", ["x", "w"], ["y"], name="conv")
    save("hostile_int32_weights", [conv], [numpy_helper.from_array(np.ones((2, 1, 1, 1), np.int32), "w")],
         in_shape=(1, 1, 3, 3))
    s = helper.make_tensor("w", TensorProto.STRING, [1], [b"abc"])
    save("hostile_string_tensor", [N("Add", ["x", "w"], ["y"], name="add")], [s])
    big = lying([1 << 40])
    save("hostile_dim_2p40", [N("Add", ["x", "w"], ["y"], name="add")], [big])
    neg = lying([-3])
    save("hostile_dim_negative", [N("Add", ["x", "w"], ["y"], name="add")], [neg])
    ovf = lying([1 << 26, 1 << 26, 1 << 26, 1 << 26])
    save("hostile_dims_overflow", [N("Add", ["x", "w"], ["y"], name="add")], [ovf])
    save("hostile_input_huge", [N("Relu", ["x"], ["y"], name="relu")], in_shape=(1 << 32, 1 << 32))
    save("hostile_cycle", [N("Relu", ["b"], ["a"], name="r1"), N("Relu", ["a"], ["b"], name="r2"),
                           N("Add", ["x", "b"], ["y"], name="add")])
    save("hostile_missing_init", [conv], in_shape=(1, 1, 3, 3))
    ext = f32(2, 1, 1, 1)
    ext.ClearField("raw_data")
    ext.data_location = TensorProto.EXTERNAL
    ext.external_data.add(key="location", value="weights.bin")
    save("hostile_external", [conv], [ext], in_shape=(1, 1, 3, 3))
    save("hostile_too_many_inputs", [N("Relu", ["x", "x"], ["y"], name="relu")])
    save("hostile_too_few_inputs", [N("Conv", ["x"], ["y"], name="conv")], in_shape=(1, 1, 3, 3))
    save("hostile_unknown_domain", [N("FancyOp", ["x"], ["y"], name="fancy", domain="com.example")])
    save("hostile_const_of_shape_huge", [
        N("ConstantOfShape", ["s"], ["c"], name="cos"), N("Add", ["x", "c"], ["y"], name="add")],
        [numpy_helper.from_array(np.array([1 << 25, 4], np.int64), "s")])
    save("hostile_range_huge", [
        N("Range", ["a", "b", "d"], ["r"], name="range"), N("Cast", ["r"], ["rf"], name="cast", to=1),
        N("Add", ["x", "rf"], ["y"], name="add")],
        [numpy_helper.from_array(np.array(0, np.int64), "a"),
         numpy_helper.from_array(np.array(10 ** 12, np.int64), "b"),
         numpy_helper.from_array(np.array(1, np.int64), "d")])
    save("hostile_pad_huge", [N("Pad", ["x", "p"], ["y"], name="pad")],
         [numpy_helper.from_array(np.array([0, 0, 0, 1 << 30], np.int64), "p")])
    raw = f32(2, 2)
    raw.raw_data = b"\x00\x00\x80"
    save("hostile_raw_short", [N("Add", ["x", "w"], ["y"], name="add")], [raw])
    save("hostile_attr_type", [N("LeakyRelu", ["x"], ["y"], name="lrelu", alpha=2)])
    save("hostile_gather_oob", [N("Gather", ["x", "i"], ["y"], name="gather", axis=1)],
         [numpy_helper.from_array(np.array([5], np.int64), "i")])
    save("hostile_perm", [N("Transpose", ["x"], ["y"], name="tr", perm=[0, 0])])
    save("hostile_div_zero_step", [N("Slice", ["x", "s", "e", "a", "st"], ["y"], name="slice")],
         [numpy_helper.from_array(np.array([0], np.int64), n) for n in ("s", "a", "st")] +
         [numpy_helper.from_array(np.array([2], np.int64), "e")])
