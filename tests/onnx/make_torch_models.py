#!/usr/bin/env python3
"""Exports the whole-model tests of issue 7 with torch.onnx.export (TorchScript
exporter), into tests/onnx/models/: NAME.onnx only. make_models.py then writes their
inputs and onnxruntime outputs with its pinned onnxruntime.

  lenet5          LeNet-5 on a 28x28 image: Conv 5x5, ReLU, AvgPool, Conv, ReLU,
                  AvgPool, view(N, -1), three Linear layers
  resnet_cifar    a small ResNet for 3x32x32: stem Conv+BN+ReLU (8 channels), two
                  residual blocks (the second strided to 16 channels with a 1x1
                  projection), a BatchNorm after a residual Add (stays a node: it
                  follows no Conv), GlobalAveragePool, Linear 10
  mlp_sigmoid     Linear 12-16-8-1 with ReLU and a Sigmoid output
  torch_ops_opK   one small net using LeakyReLU, PReLU, ELU, Hardswish, Hardsigmoid,
                  GELU, ReLU6, reflect padding, avg_pool2d with padding, nearest
                  interpolation, cat, permute, slicing, mean, softmax, at opsets
                  K = 11, 13, 18
Weights are random (seeded); in eval mode torch folds each Conv+BatchNorm pair itself.

Run from the repository root with torch 2.8.0 (the pins of examples/mnist/requirements.txt):
  python3 -m venv build/venv-mnist
  build/venv-mnist/bin/pip install -r examples/mnist/requirements.txt
  build/venv-mnist/bin/python tests/onnx/make_torch_models.py
"""
import os

import torch
import torch.nn as nn
import torch.nn.functional as F

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "models")


class LeNet5(nn.Module):
    def __init__(self):
        super().__init__()
        self.c1, self.c2 = nn.Conv2d(1, 6, 5), nn.Conv2d(6, 16, 5)
        self.f1, self.f2, self.f3 = nn.Linear(256, 120), nn.Linear(120, 84), nn.Linear(84, 10)

    def forward(self, x):
        x = F.avg_pool2d(F.relu(self.c1(x)), 2)
        x = F.avg_pool2d(F.relu(self.c2(x)), 2)
        x = x.view(x.size(0), -1)
        return self.f3(F.relu(self.f2(F.relu(self.f1(x)))))


class Block(nn.Module):
    def __init__(self, cin, cout, stride, post_bn=False):
        super().__init__()
        self.c1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.b1 = nn.BatchNorm2d(cout)
        self.c2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.b2 = nn.BatchNorm2d(cout)
        self.proj = None
        if stride != 1 or cin != cout:
            self.proj = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))
        self.post = nn.BatchNorm2d(cout) if post_bn else None

    def forward(self, x):
        y = self.b2(self.c2(F.relu(self.b1(self.c1(x)))))
        y = y + (self.proj(x) if self.proj is not None else x)
        if self.post is not None:
            y = self.post(y)
        return F.relu(y)


class ResNetCifar(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, 8, 3, 1, 1, bias=False), nn.BatchNorm2d(8), nn.ReLU())
        self.l1, self.l2 = Block(8, 8, 1, post_bn=True), Block(8, 16, 2)
        self.pool, self.fc = nn.AdaptiveAvgPool2d(1), nn.Linear(16, 10)

    def forward(self, x):
        x = self.l2(self.l1(self.stem(x)))
        return self.fc(torch.flatten(self.pool(x), 1))


class MlpSigmoid(nn.Module):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(12, 16), nn.ReLU(), nn.Linear(16, 8), nn.ReLU(), nn.Linear(8, 1),
                                 nn.Sigmoid())

    def forward(self, x):
        return self.net(x)


class TorchOps(nn.Module):
    def __init__(self):
        super().__init__()
        self.c1 = nn.Conv2d(3, 4, 3, padding=1)
        self.prelu = nn.PReLU(4)
        self.c2 = nn.Conv2d(8, 4, 1)
        self.fc = nn.Linear(16, 5)

    def forward(self, x):
        a = F.leaky_relu(self.c1(x), 0.2)                       # [1,4,8,8]
        b = torch.cat([self.prelu(a), F.elu(a)], 1)             # [1,8,8,8]
        b = F.hardswish(self.c2(F.pad(b, (1, 1, 1, 1), mode="reflect")))  # [1,4,10,10] -> conv 1x1
        b = F.avg_pool2d(b, 3, stride=2, padding=1)             # [1,4,5,5]
        b = F.interpolate(b, scale_factor=2, mode="nearest")   # [1,4,10,10]
        b = F.hardsigmoid(b[:, :, 1:9, ::2]) * F.relu6(b[:, :, :8, 1::2] * 3)  # [1,4,8,5]
        b = F.gelu(b.permute(0, 2, 3, 1))                       # [1,8,5,4]
        m = b.mean(dim=(1, 2))                                  # [1,4]
        s = torch.sigmoid(b.sum(dim=2)) - torch.tanh(b.amax(dim=2)) / 2  # [1,8,4]
        f = torch.cat([m, s.reshape(s.size(0), -1)[:, :12]], 1)  # [1,16]
        return F.softmax(self.fc(f), dim=-1)


def randomize_bn(m, g):
    for mod in m.modules():
        if isinstance(mod, nn.BatchNorm2d):
            c = mod.num_features
            mod.weight.data = 1 + 0.3 * torch.randn(c, generator=g)
            mod.bias.data = 0.2 * torch.randn(c, generator=g)
            mod.running_mean.data = 0.2 * torch.randn(c, generator=g)
            mod.running_var.data = 0.5 + torch.rand(c, generator=g)


def export(m, shape, name, opset):
    m.eval()
    path = os.path.join(OUT, name + ".onnx")
    torch.onnx.export(m, torch.zeros(*shape), path, opset_version=opset, input_names=["x"], output_names=["y"],
                      dynamo=False)
    print(f"{name}: opset {opset}, {os.path.getsize(path)} bytes")


if __name__ == "__main__":
    torch.manual_seed(7)
    g = torch.Generator().manual_seed(8)
    export(LeNet5(), (1, 1, 28, 28), "lenet5", 13)
    r = ResNetCifar()
    randomize_bn(r, g)
    export(r, (1, 3, 32, 32), "resnet_cifar", 13)
    export(MlpSigmoid(), (1, 12), "mlp_sigmoid", 11)
    ops = TorchOps()
    for k in (11, 13, 18):
        export(ops, (1, 3, 8, 8), f"torch_ops_op{k}", k)
