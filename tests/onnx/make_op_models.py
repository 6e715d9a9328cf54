"""Per-operator test models for issue 7 (called by make_models.py, which owns the
random generator, the writers and onnxruntime): every operator with varied shapes,
attributes, broadcasting, negative values and the opsets where its inputs or
attributes changed (11, 13, 18 and some older or newer ones), plus the shape-arithmetic
chains that must fold at import. The torch-exported whole models (LeNet-5, a small
ResNet, an MLP with a Sigmoid output) are written by make_torch_models.py and only get
their input and onnxruntime output here.
"""
import os

import numpy as np
from onnx import TensorProto, helper

N = helper.make_node
I64 = np.int64


def op_models(save, model, init, rand, rng):
    def grid(*shape, step=0.25, lo=-3.0):
        """Inputs on a 1/4 grid: exact in fixed point, with deliberate ties."""
        return (lo + step * rng.integers(0, int(-2 * lo / step) + 1, size=shape)).astype(np.float32)

    def one(name, node, shape, out_shape=None, inits=(), opset=13, x=None, out_type=TensorProto.FLOAT):
        save(name, model(name, node if isinstance(node, list) else [node], shape, out_shape, inits, opset=opset,
                         out_type=out_type), shape, x)

    # -- elementwise activations ------------------------------------------------------
    one("leaky_relu", N("LeakyRelu", ["x"], ["y"], name="lrelu", alpha=0.1), [2, 3, 4], x=rand(2, 3, 4, scale=2))
    one("leaky_relu_default", N("LeakyRelu", ["x"], ["y"], name="lrelu"), [3, 5], opset=11)
    one("prelu_channel", N("PRelu", ["x", "s"], ["y"], name="prelu"), [1, 3, 4, 4],
        inits=[init("s", rand(3, 1, 1, scale=0.5))])
    one("prelu_scalar", N("PRelu", ["x", "s"], ["y"], name="prelu"), [2, 6],
        inits=[init("s", np.array([0.25], dtype=np.float32))], opset=18)
    one("elu", N("Elu", ["x"], ["y"], name="elu", alpha=0.7), [2, 3, 4], x=rand(2, 3, 4, scale=2))
    one("sigmoid", N("Sigmoid", ["x"], ["y"], name="sig"), [2, 8], x=rand(2, 8, scale=3))
    one("tanh", N("Tanh", ["x"], ["y"], name="tanh"), [2, 8], x=rand(2, 8, scale=2), opset=11)
    one("exp", N("Exp", ["x"], ["y"], name="exp"), [3, 4], opset=18)
    one("erf", N("Erf", ["x"], ["y"], name="erf"), [2, 6], x=rand(2, 6, scale=1.5))
    one("clip_op11", N("Clip", ["x", "lo", "hi"], ["y"], name="clip"), [2, 3, 4],
        inits=[init("lo", np.array(-0.5, np.float32)), init("hi", np.array(1.25, np.float32))], opset=11)
    one("clip_max_only", N("Clip", ["x", "", "hi"], ["y"], name="clip"), [2, 6],
        inits=[init("hi", np.array(0.75, np.float32))], opset=13)
    one("clip_relu6_op18", N("Clip", ["x", "lo", "hi"], ["y"], name="clip"), [1, 2, 3, 3],
        inits=[init("lo", np.array(0, np.float32)), init("hi", np.array(6, np.float32))], opset=18,
        x=rand(1, 2, 3, 3, scale=5))
    one("clip_attr_op10", N("Clip", ["x"], ["y"], name="clip", min=-1.0, max=0.5), [2, 5], opset=10)
    one("hard_sigmoid", N("HardSigmoid", ["x"], ["y"], name="hsig", alpha=0.3, beta=0.4), [2, 6],
        x=rand(2, 6, scale=3))
    one("hard_swish", N("HardSwish", ["x"], ["y"], name="hswish"), [2, 8], opset=14, x=rand(2, 8, scale=4))
    one("gelu_op20", N("Gelu", ["x"], ["y"], name="gelu"), [2, 6], opset=20, x=rand(2, 6, scale=2))
    one("gelu_tanh_op20", N("Gelu", ["x"], ["y"], name="gelu", approximate="tanh"), [2, 6], opset=20,
        x=rand(2, 6, scale=2))
    # torch's Gelu before opset 20: x * 0.5 * (1 + erf(x / sqrt 2)) as separate nodes
    one("gelu_erf_pattern", [
        N("Div", ["x", "r2"], ["d"], name="div"), N("Erf", ["d"], ["e"], name="erf"),
        N("Add", ["e", "one"], ["a"], name="add"), N("Mul", ["x", "a"], ["m"], name="mul"),
        N("Mul", ["m", "half"], ["y"], name="mul2")], [2, 6],
        inits=[init("r2", np.array(1.4142135, np.float32)), init("one", np.array(1, np.float32)),
               init("half", np.array(0.5, np.float32))], x=rand(2, 6, scale=2))
    one("softmax_op13", N("Softmax", ["x"], ["y"], name="softmax", axis=1), [2, 3, 4], x=rand(2, 3, 4, scale=2))
    one("softmax_op11", N("Softmax", ["x"], ["y"], name="softmax", axis=1), [2, 3, 4], opset=11,
        x=rand(2, 3, 4, scale=2))
    one("softmax_last_op18", N("Softmax", ["x"], ["y"], name="softmax"), [3, 5], opset=18, x=rand(3, 5, scale=3))
    one("neg", N("Neg", ["x"], ["y"], name="neg"), [2, 5])
    one("abs", N("Abs", ["x"], ["y"], name="abs"), [2, 5], opset=18)

    # -- pooling ------------------------------------------------------------------------
    one("avgpool_pads", N("AveragePool", ["x"], ["y"], name="pool", kernel_shape=[3, 3], strides=[2, 2],
                          pads=[1, 1, 1, 1]), [1, 2, 7, 6])
    one("avgpool_incl_pad", N("AveragePool", ["x"], ["y"], name="pool", kernel_shape=[3, 2], strides=[2, 1],
                              pads=[1, 0, 1, 1], count_include_pad=1), [1, 2, 6, 5], opset=11)
    one("avgpool_ceil", N("AveragePool", ["x"], ["y"], name="pool", kernel_shape=[2, 2], strides=[2, 2],
                          ceil_mode=1), [1, 1, 5, 7], opset=18)
    one("avgpool_ceil_incl_pad", N("AveragePool", ["x"], ["y"], name="pool", kernel_shape=[3, 3], strides=[2, 2],
                                   pads=[1, 1, 1, 1], ceil_mode=1, count_include_pad=1), [1, 1, 6, 6], opset=18)
    one("avgpool_same", N("AveragePool", ["x"], ["y"], name="pool", kernel_shape=[3, 3], strides=[2, 2],
                          auto_pad="SAME_UPPER"), [1, 2, 6, 5])
    one("maxpool_ceil_pads", N("MaxPool", ["x"], ["y"], name="pool", kernel_shape=[3, 3], strides=[2, 2],
                               pads=[1, 1, 1, 1], ceil_mode=1), [1, 2, 6, 6], opset=11)
    one("global_avgpool", N("GlobalAveragePool", ["x"], ["y"], name="gap"), [2, 3, 5, 4])
    one("global_maxpool", N("GlobalMaxPool", ["x"], ["y"], name="gmp"), [1, 3, 4, 6], opset=11)

    # -- Pad ------------------------------------------------------------------------------
    one("pad_constant_op11", N("Pad", ["x", "p", "v"], ["y"], name="pad"), [1, 2, 3, 3],
        inits=[init("p", np.array([0, 0, 1, 2, 0, 0, 2, 0], I64)), init("v", np.array(0.5, np.float32))], opset=11)
    one("pad_reflect_op13", N("Pad", ["x", "p"], ["y"], name="pad", mode="reflect"), [2, 4, 3],
        inits=[init("p", np.array([0, 2, 1, 0, 3, 2], I64))])
    one("pad_edge_axes_op18", N("Pad", ["x", "p", "", "ax"], ["y"], name="pad", mode="edge"), [2, 3, 4],
        inits=[init("p", np.array([2, 1, 0, 3], I64)), init("ax", np.array([-1, 1], I64))], opset=18)
    one("pad_attr_op10", N("Pad", ["x"], ["y"], name="pad", pads=[1, 0, 0, 2], value=-1.5), [3, 4], opset=10)

    # -- arithmetic -----------------------------------------------------------------------
    one("sub_bcast", N("Sub", ["x", "c"], ["y"], name="sub"), [2, 3, 4], inits=[init("c", rand(3, 1))])
    one("sub_const_left", N("Sub", ["c", "x"], ["y"], name="sub"), [2, 3], inits=[init("c", rand(3))], opset=18)
    one("sub_runtime", [N("Relu", ["x"], ["r"], name="relu"), N("Sub", ["r", "x"], ["y"], name="sub")], [2, 4],
        opset=11)
    one("mul_const_bcast", N("Mul", ["x", "c"], ["y"], name="mul"), [2, 3, 4], inits=[init("c", rand(2, 1, 4))])
    one("mul_scalar", N("Mul", ["c", "x"], ["y"], name="mul"), [3, 4],
        inits=[init("c", np.array(-1.75, np.float32))], opset=11)
    one("mul_runtime", [N("Tanh", ["x"], ["t"], name="tanh"), N("Mul", ["x", "t"], ["y"], name="mul")], [2, 5],
        opset=18)
    one("div_const", N("Div", ["x", "c"], ["y"], name="div"), [2, 3, 4],
        inits=[init("c", np.array([[0.5], [-4.0], [3.0]], np.float32))])
    one("div_runtime", [N("Abs", ["x"], ["a"], name="abs"), N("Add", ["a", "one"], ["d"], name="add"),
                        N("Div", ["x", "d"], ["y"], name="div")], [2, 5],
        inits=[init("one", np.array(1, np.float32))])
    one("sum3", [N("Relu", ["x"], ["r"], name="relu"), N("Sum", ["x", "r", "c"], ["y"], name="sum")], [2, 3, 4],
        inits=[init("c", rand(4))])
    one("sum1", N("Sum", ["x"], ["y"], name="sum"), [2, 3], opset=11)
    one("mean2", [N("Neg", ["x"], ["n"], name="neg"), N("Mean", ["x", "c", "n"], ["y"], name="mean")], [2, 1, 4],
        inits=[init("c", rand(3, 1))], opset=18)

    # -- reductions -----------------------------------------------------------------------
    one("reducesum_op11", N("ReduceSum", ["x"], ["y"], name="rs", axes=[1]), [2, 3, 4], opset=11)
    one("reducesum_op13", N("ReduceSum", ["x", "ax"], ["y"], name="rs", keepdims=0), [2, 3, 4],
        inits=[init("ax", np.array([-1], I64))])
    one("reducesum_all", N("ReduceSum", ["x"], ["y"], name="rs", keepdims=0), [2, 3], out_shape=[])
    one("reducemean_op13", N("ReduceMean", ["x"], ["y"], name="rm", axes=[0, 2]), [2, 3, 4])
    one("reducemean_op18", N("ReduceMean", ["x", "ax"], ["y"], name="rm", keepdims=0), [2, 3, 4, 2],
        inits=[init("ax", np.array([2, 3], I64))], opset=18)
    one("reducemax_op13", N("ReduceMax", ["x"], ["y"], name="rmax", axes=[2], keepdims=0), [2, 3, 4])
    one("reducemax_op18", N("ReduceMax", ["x", "ax"], ["y"], name="rmax"), [2, 5],
        inits=[init("ax", np.array([-1], I64))], opset=18)

    # -- BatchNormalization ---------------------------------------------------------------
    def bn(c, pre=""):
        return [init(pre + "g", rand(c, scale=0.5) + 1), init(pre + "b", rand(c, scale=0.3)),
                init(pre + "m", rand(c, scale=0.3)), init(pre + "v", (rng.random(c) + 0.5).astype(np.float32))]
    one("bn_standalone", N("BatchNormalization", ["x", "g", "b", "m", "v"], ["y"], name="bn", epsilon=1e-3),
        [2, 3, 4, 4], inits=bn(3))
    one("bn_2d_op9", N("BatchNormalization", ["x", "g", "b", "m", "v"], ["y"], name="bn"), [3, 4],
        inits=bn(4), opset=9)
    one("bn_after_conv", [
        N("Conv", ["x", "w", "cb"], ["c"], name="conv", pads=[1, 1, 1, 1]),
        N("BatchNormalization", ["c", "g", "b", "m", "v"], ["y"], name="bn")], [1, 2, 5, 5],
        inits=[init("w", rand(4, 2, 3, 3)), init("cb", rand(4))] + bn(4), opset=11)
    one("bn_after_gemm", [
        N("Gemm", ["x", "w", "cb"], ["h"], name="fc", transB=1, beta=0.5),
        N("BatchNormalization", ["h", "g", "b", "m", "v"], ["y"], name="bn")], [3, 6],
        inits=[init("w", rand(5, 6)), init("cb", rand(5))] + bn(5), opset=18)
    one("bn_conv_shared", [
        N("Conv", ["x", "w"], ["c"], name="conv", pads=[1, 1, 1, 1]),
        N("BatchNormalization", ["c", "g", "b", "m", "v"], ["n"], name="bn"),
        N("Add", ["n", "c"], ["y"], name="add")], [1, 2, 4, 4], inits=[init("w", rand(3, 2, 3, 3))] + bn(3))

    # -- data movement --------------------------------------------------------------------
    one("transpose_perm", N("Transpose", ["x"], ["y"], name="tr", perm=[2, 0, 1]), [2, 3, 4])
    one("transpose_default", N("Transpose", ["x"], ["y"], name="tr"), [2, 3, 4], opset=18)
    one("squeeze_op11", N("Squeeze", ["x"], ["y"], name="sq", axes=[1]), [2, 1, 3], opset=11)
    one("squeeze_op13", N("Squeeze", ["x", "ax"], ["y"], name="sq"), [1, 3, 1, 2],
        inits=[init("ax", np.array([-2, 0], I64))])
    one("squeeze_all", N("Squeeze", ["x"], ["y"], name="sq"), [1, 3, 1, 2], opset=18)
    one("unsqueeze_op11", N("Unsqueeze", ["x"], ["y"], name="usq", axes=[0, 3]), [2, 3], opset=11)
    one("unsqueeze_op13", N("Unsqueeze", ["x", "ax"], ["y"], name="usq"), [2, 3],
        inits=[init("ax", np.array([-1], I64))])
    one("concat_axis1", [N("Relu", ["x"], ["r"], name="relu"),
                         N("Concat", ["x", "r", "c"], ["y"], name="cat", axis=1)], [2, 3, 4],
        inits=[init("c", rand(2, 2, 4))])
    one("concat_neg_axis", [N("Neg", ["x"], ["n"], name="neg"),
                            N("Concat", ["n", "x"], ["y"], name="cat", axis=-1)], [2, 3], opset=11)
    one("slice_op13", N("Slice", ["x", "s", "e", "a", "st"], ["y"], name="slice"), [3, 4, 6],
        inits=[init("s", np.array([0, 1], I64)), init("e", np.array([2, 100], I64)),
               init("a", np.array([0, 2], I64)), init("st", np.array([1, 2], I64))])
    one("slice_neg_step", N("Slice", ["x", "s", "e", "a", "st"], ["y"], name="slice"), [2, 5],
        inits=[init("s", np.array([-1], I64)), init("e", np.array([-9223372036854775807], I64)),
               init("a", np.array([1], I64)), init("st", np.array([-2], I64))], opset=18)
    one("slice_op11_noaxes", N("Slice", ["x", "s", "e"], ["y"], name="slice"), [4, 5],
        inits=[init("s", np.array([1, -3], I64)), init("e", np.array([3, -1], I64))], opset=11)
    one("slice_attr_op9", N("Slice", ["x"], ["y"], name="slice", starts=[1], ends=[1000], axes=[1]), [2, 4],
        opset=9)
    one("gather_axis0", N("Gather", ["x", "i"], ["y"], name="gather"), [4, 3],
        inits=[init("i", np.array([2, 0, -1], I64))])
    one("gather_axis1_2d", N("Gather", ["x", "i"], ["y"], name="gather", axis=1), [2, 3, 2],
        inits=[init("i", np.array([[0, 1], [2, 2]], I64))], opset=18)
    one("gather_scalar", N("Gather", ["x", "i"], ["y"], name="gather", axis=-1), [2, 4],
        inits=[init("i", np.array(3, I64))], opset=11)
    one("resize_scales_op13", N("Resize", ["x", "", "sc"], ["y"], name="resize", mode="nearest",
                                coordinate_transformation_mode="asymmetric", nearest_mode="floor"), [1, 2, 3, 3],
        inits=[init("sc", np.array([1, 1, 2, 2], np.float32))])
    one("resize_sizes_op11", N("Resize", ["x", "roi", "sc", "sz"], ["y"], name="resize", mode="nearest"),
        [1, 1, 4, 3], inits=[init("roi", np.zeros(0, np.float32)), init("sc", np.zeros(0, np.float32)),
                             init("sz", np.array([1, 1, 7, 5], I64))], opset=11)
    one("resize_align_op18", N("Resize", ["x", "", "", "sz"], ["y"], name="resize", mode="nearest",
                               coordinate_transformation_mode="align_corners", nearest_mode="round_prefer_ceil"),
        [1, 1, 3, 4], inits=[init("sz", np.array([1, 1, 5, 7], I64))], opset=18)
    one("resize_op10", N("Resize", ["x", "sc"], ["y"], name="resize", mode="nearest"), [1, 1, 2, 3],
        inits=[init("sc", np.array([1, 1, 2, 3], np.float32))], opset=10)
    one("argmax_axis1", N("ArgMax", ["x"], ["y"], name="argmax", axis=1), [2, 5, 3],
        out_type=TensorProto.INT64)
    one("argmax_last", N("ArgMax", ["x"], ["y"], name="argmax", axis=-1, keepdims=0, select_last_index=1),
        [3, 6], x=grid(3, 6, step=1.0, lo=-2.0), out_type=TensorProto.INT64)

    # -- shape arithmetic that folds at import ------------------------------------------
    one("fold_chain_op13", [
        N("Shape", ["x"], ["sh"], name="shape"),
        N("Slice", ["sh", "z", "o"], ["n"], name="slice"),
        N("Concat", ["n", "m1"], ["t"], name="cat", axis=0),
        N("Reshape", ["x", "t"], ["r"], name="reshape"),
        N("ConstantOfShape", ["sh2"], ["k"], name="cos",
          value=helper.make_tensor("v", TensorProto.FLOAT, [1], [2.0])),
        N("Range", ["r0", "r1", "r2"], ["rg"], name="range"),
        N("Cast", ["rg"], ["rf"], name="cast", to=TensorProto.FLOAT),
        N("Mul", ["k", "rf"], ["kr"], name="mulk"),
        N("Add", ["r", "kr"], ["y"], name="add")], [2, 3, 2], out_shape=[2, 6],
        inits=[init("z", np.array([0], I64)), init("o", np.array([1], I64)), init("m1", np.array([-1], I64)),
               init("sh2", np.array([6], I64)), init("r0", np.array(0, I64)), init("r1", np.array(6, I64)),
               init("r2", np.array(1, I64))])
    one("fold_cast_runtime_op18", [N("Cast", ["x"], ["c"], name="cast", to=TensorProto.FLOAT),
                                   N("Relu", ["c"], ["y"], name="relu")], [2, 3], opset=18)

    # -- torch exports (written by make_torch_models.py) ----------------------------------
    here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "models")
    torch_models = [("lenet5", [1, 1, 28, 28]), ("resnet_cifar", [1, 3, 32, 32]), ("mlp_sigmoid", [1, 12]),
                    ("torch_ops_op11", [1, 3, 8, 8]), ("torch_ops_op13", [1, 3, 8, 8]),
                    ("torch_ops_op18", [1, 3, 8, 8])]
    for name, shape in torch_models:
        if not os.path.exists(os.path.join(here, name + ".onnx")):
            raise SystemExit(f"{name}.onnx missing: run tests/onnx/make_torch_models.py first")
        save(name, None, shape, grid(*shape, step=1 / 64, lo=-2.0))

    # -- ArgMax and Div by a run-time tensor in the circuit (added last so the random
    #    stream of the models above is unchanged) ---------------------------------------
    ties = dict(step=1.0, lo=-2.0)  # integers in [-2, 2]: many ties
    one("argmax_first_keep", N("ArgMax", ["x"], ["y"], name="argmax", axis=1), [3, 6], x=grid(3, 6, **ties),
        out_type=TensorProto.INT64)
    one("argmax_last_keep", N("ArgMax", ["x"], ["y"], name="argmax", axis=1, keepdims=1, select_last_index=1),
        [3, 6], x=grid(3, 6, **ties), opset=18, out_type=TensorProto.INT64)
    one("argmax_first_neg_axis", N("ArgMax", ["x"], ["y"], name="argmax", axis=-2, keepdims=0), [2, 4, 3],
        x=grid(2, 4, 3, **ties), opset=11, out_type=TensorProto.INT64)
    one("argmax_last_axis0", N("ArgMax", ["x"], ["y"], name="argmax", axis=0, keepdims=0, select_last_index=1),
        [5, 3], x=grid(5, 3, **ties), opset=13, out_type=TensorProto.INT64)
    # x / (max over the last axis + 3.25): a [2,3,1] divisor broadcast over [2,3,4],
    # positive for inputs >= -3 (the grid), negative numerators
    one("div_runtime_bcast", [N("ReduceMax", ["x"], ["m"], name="rmax", axes=[2], keepdims=1),
                              N("Add", ["m", "k"], ["d"], name="add"),
                              N("Div", ["x", "d"], ["y"], name="div")], [2, 3, 4],
        inits=[init("k", np.array(3.25, np.float32))], x=grid(2, 3, 4))
    # a constant numerator with negative entries over a run-time divisor |x| + 0.5
    one("div_runtime_const_num", [N("Abs", ["x"], ["a"], name="abs"), N("Add", ["a", "h"], ["d"], name="add"),
                                  N("Div", ["c", "d"], ["y"], name="div")], [2, 4],
        inits=[init("h", np.array(0.5, np.float32)), init("c", np.array([1.5, -0.75, 2.0, -2.5], np.float32))],
        opset=18, x=grid(2, 4))
