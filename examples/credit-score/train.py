#!/usr/bin/env python3
"""Generate the synthetic credit dataset, train zkinfer's credit-score MLP, export it.

Offline tooling only (the product is C): this script makes the committed files in
examples/credit-score/. The data are SYNTHETIC: borrower profiles drawn from simple
distributions and a hand-written scoring rule plus noise (see make_dataset). They only
give the example a model with plausible behaviour; they say nothing about real credit risk.

The model is a small MLP, 12 -> 16 -> 8 -> 1 with ReLU, trained with numpy (full-batch
statistics, minibatch Adam, mean squared error) and written to ONNX by hand with
onnx.helper using only Gemm and Relu at opset 13, the operators zkinfer's circuit has.

Outputs (in --out, default this script's folder):
  model.onnx      input "features" float[1,12] (normalized, see features.json),
                  output "score" float[1,1] (0 = worst, 10 = best)
  features.json   each feature's name, unit and the [lo, hi] range mapped to [0, 1]
  input.json      one held-out borrower as {"input_data": [[12 floats]]}
  reference.json  float and onnxruntime scores for input.json, test error, versions

Usage (from the repository root):
  python3 -m venv build/venv-credit
  build/venv-credit/bin/pip install -r examples/credit-score/requirements.txt
  build/venv-credit/bin/python examples/credit-score/train.py
"""

import argparse
import json
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))

# name, unit, lo, hi: raw value v enters the model as clip((v - lo) / (hi - lo), 0, 1)
FEATURES = [
    ("account_age", "days since the wallet's first transaction", 0.0, 3650.0),
    ("loans_repaid", "loans repaid in full", 0.0, 50.0),
    ("on_time_ratio", "share of repayments made on time", 0.0, 1.0),
    ("liquidations", "liquidations suffered", 0.0, 10.0),
    ("utilization", "borrowed / borrowing limit, now", 0.0, 1.0),
    ("collateral_ratio", "collateral value / debt", 1.0, 4.0),
    ("log_balance", "log10 of the average balance in USD", 0.0, 7.0),
    ("tx_90d", "transactions in the last 90 days", 0.0, 500.0),
    ("days_since_default", "days since the last default (3650 if never)", 0.0, 3650.0),
    ("protocols_used", "distinct DeFi protocols used", 0.0, 20.0),
    ("stablecoin_share", "share of holdings in stablecoins", 0.0, 1.0),
    ("max_drawdown", "largest 30-day drop of the portfolio, as a share", 0.0, 1.0),
]
N_FEATURES = len(FEATURES)
HIDDEN = (16, 8)


def make_dataset(n, rng):
    """Synthetic borrowers (raw units) and their scores in [0, 10]."""
    age = rng.gamma(2.0, 400.0, n).clip(0, 3650)
    repaid = rng.poisson(np.clip(age / 300.0, 0.2, 20.0)).astype(float).clip(0, 50)
    on_time = rng.beta(8, 2, n)
    liq = rng.poisson(0.6 * (1.2 - on_time) * 3, n).astype(float).clip(0, 10)
    util = rng.beta(2, 3, n)
    coll = 1.0 + rng.gamma(2.0, 0.45, n).clip(0, 3)
    log_bal = rng.normal(3.5, 1.2, n).clip(0, 7)
    tx = rng.gamma(1.5, 40.0, n).clip(0, 500)
    defaulted = rng.random(n) < 0.25
    since_default = np.where(defaulted, rng.uniform(0, 3650, n), 3650.0)
    protocols = rng.poisson(4, n).astype(float).clip(0, 20)
    stable = rng.beta(2, 2, n)
    drawdown = rng.beta(2, 5, n)
    raw = np.stack([age, repaid, on_time, liq, util, coll, log_bal, tx, since_default, protocols, stable, drawdown], 1)

    # the hidden rule: a weighted sum with saturating terms and one interaction
    z = (
        1.2 * np.tanh(age / 900.0)
        + 0.9 * np.tanh(repaid / 8.0)
        + 2.5 * (on_time - 0.75)
        - 0.8 * liq
        - 1.6 * np.maximum(util - 0.6, 0.0) * 3.0
        + 1.1 * np.tanh(coll - 1.3)
        + 0.35 * (log_bal - 3.5)
        + 0.3 * np.tanh(tx / 60.0)
        - 1.5 * np.exp(-since_default / 500.0)
        + 0.05 * protocols
        + 0.4 * stable * (1.0 - drawdown)
        - 1.0 * drawdown
    )
    score = 10.0 / (1.0 + np.exp(-(z - 0.3)))
    score = (score + rng.normal(0, 0.25, n)).clip(0, 10)
    return raw, score


def normalize(raw):
    lo = np.array([f[2] for f in FEATURES])
    hi = np.array([f[3] for f in FEATURES])
    return ((raw - lo) / (hi - lo)).clip(0, 1)


def init_params(rng):
    sizes = (N_FEATURES,) + HIDDEN + (1,)
    params = []
    for a, b in zip(sizes[:-1], sizes[1:]):
        w = rng.normal(0, np.sqrt(2.0 / a), (b, a))  # [out, in], as Gemm with transB = 1
        params.append([w, np.zeros(b)])
    params[-1][1][:] = 5.0  # start at the middle of the score range
    return params


def forward(params, x):
    acts = [x]
    for i, (w, b) in enumerate(params):
        x = x @ w.T + b
        if i < len(params) - 1:
            x = np.maximum(x, 0.0)
        acts.append(x)
    return acts


def train(params, x, y, rng, epochs, batch, lr):
    m = [[np.zeros_like(p) for p in layer] for layer in params]
    v = [[np.zeros_like(p) for p in layer] for layer in params]
    step = 0
    for _ in range(epochs):
        order = rng.permutation(len(x))
        for k in range(0, len(x), batch):
            idx = order[k : k + batch]
            acts = forward(params, x[idx])
            grad = 2.0 * (acts[-1][:, 0] - y[idx])[:, None] / len(idx)
            step += 1
            for i in range(len(params) - 1, -1, -1):
                gw = grad.T @ acts[i]
                gb = grad.sum(0)
                if i > 0:
                    grad = (grad @ params[i][0]) * (acts[i] > 0)
                for j, g in enumerate((gw, gb)):
                    m[i][j] = 0.9 * m[i][j] + 0.1 * g
                    v[i][j] = 0.999 * v[i][j] + 0.001 * g * g
                    mh = m[i][j] / (1 - 0.9**step)
                    vh = v[i][j] / (1 - 0.999**step)
                    params[i][j] -= lr * mh / (np.sqrt(vh) + 1e-8)
    return params


def export_onnx(params, path):
    inits, nodes = [], []
    x = "features"
    for i, (w, b) in enumerate(params):
        wn, bn = "fc%d.weight" % i, "fc%d.bias" % i
        inits.append(numpy_helper.from_array(w.astype(np.float32), wn))
        inits.append(numpy_helper.from_array(b.astype(np.float32), bn))
        last = i == len(params) - 1
        y = "score" if last else "gemm%d" % i
        nodes.append(helper.make_node("Gemm", [x, wn, bn], [y], name="fc%d" % i, alpha=1.0, beta=1.0, transB=1))
        if not last:
            nodes.append(helper.make_node("Relu", [y], ["relu%d" % i], name="relu%d" % i))
            y = "relu%d" % i
        x = y
    graph = helper.make_graph(
        nodes,
        "credit_score_mlp",
        [helper.make_tensor_value_info("features", TensorProto.FLOAT, [1, N_FEATURES])],
        [helper.make_tensor_value_info("score", TensorProto.FLOAT, [1, 1])],
        inits,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="zkinfer-credit-train")
    model.ir_version = 8
    onnx.checker.check_model(model)
    onnx.save(model, path)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=HERE)
    ap.add_argument("--seed", type=int, default=20261121)
    ap.add_argument("--samples", type=int, default=20000)
    ap.add_argument("--epochs", type=int, default=60)
    ap.add_argument("--sample", type=int, default=-1,
                    help="test-set row written to input.json (default: the first one scored >= 7, an approvable borrower)")
    args = ap.parse_args()

    rng = np.random.default_rng(args.seed)
    raw, y = make_dataset(args.samples, rng)
    x = normalize(raw)
    n_test = args.samples // 10
    xtr, ytr, xte, yte = x[n_test:], y[n_test:], x[:n_test], y[:n_test]

    params = train(init_params(rng), xtr, ytr, rng, args.epochs, 64, 2e-3)
    pred = forward(params, xte)[-1][:, 0]
    rmse = float(np.sqrt(np.mean((pred - yte) ** 2)))
    base = float(np.sqrt(np.mean((ytr.mean() - yte) ** 2)))
    approve = pred >= 6.0
    agree = float(np.mean(approve == (yte >= 6.0)))
    print("test RMSE %.3f (predicting the mean: %.3f); approve (score >= 6) agreement %.3f" % (rmse, base, agree))
    peak = max(float(np.abs(a).max()) for a in forward(params, x)[1:])
    print("largest |activation| over the data: %.2f" % peak)

    os.makedirs(args.out, exist_ok=True)
    model_path = os.path.join(args.out, "model.onnx")
    export_onnx(params, model_path)

    if args.sample < 0:
        args.sample = int(np.argmax((pred >= 7.0) & (yte >= 7.0)))
    sample = xte[args.sample].astype(np.float32)
    with open(os.path.join(args.out, "input.json"), "w") as f:
        json.dump({"input_data": [[round(float(v), 6) for v in sample]]}, f)
        f.write("\n")
    with open(os.path.join(args.out, "features.json"), "w") as f:
        json.dump([{"name": n, "unit": u, "lo": lo, "hi": hi} for n, u, lo, hi in FEATURES], f, indent=2)
        f.write("\n")

    ref = {"test_row": args.sample, "numpy_score": float(forward(params, sample[None, :].astype(np.float64))[-1][0, 0]),
           "label_score": float(yte[args.sample]),
           "test_rmse": rmse, "mean_predictor_rmse": base, "approve_agreement_at_6": agree,
           "raw_features": {FEATURES[i][0]: float(raw[args.sample, i]) for i in range(N_FEATURES)},
           "seed": args.seed, "samples": args.samples, "epochs": args.epochs,
           "versions": {"python": sys.version.split()[0], "numpy": np.__version__, "onnx": onnx.__version__}}
    try:
        import onnxruntime as ort

        sess = ort.InferenceSession(model_path, providers=["CPUExecutionProvider"])
        ref["onnxruntime_score"] = float(sess.run(None, {"features": np.array(json.load(open(os.path.join(args.out, "input.json")))["input_data"], dtype=np.float32)})[0][0, 0])
        ref["versions"]["onnxruntime"] = ort.__version__
    except ImportError:
        print("onnxruntime not installed: reference.json has no onnxruntime_score")
    with open(os.path.join(args.out, "reference.json"), "w") as f:
        json.dump(ref, f, indent=2)
        f.write("\n")
    print("wrote %s (score of input.json: %.3f)" % (model_path, ref["numpy_score"]))


if __name__ == "__main__":
    main()
