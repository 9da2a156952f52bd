#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""An independent PyTorch implementation of docs/spec.md, for two jobs:

  check: load a LossLab checkpoint, compute the losses and gradients of a
         batch in float64, and compare them with `losslab-cli losses`
         (scalars within relative 1e-5, each gradient within relative 1e-4).
  bench: time full training steps of the default model in float32 — the
         peer that `losslab-cli bench` is measured against.

Needs Debian's python3-torch (not a build or test dependency of LossLab).
"""
import argparse, json, math, struct, subprocess, sys, tempfile, time, os
import numpy as np
import torch
import torch.nn.functional as F


def read_safetensors(path):
    with open(path, "rb") as f:
        raw = f.read()
    n = struct.unpack("<Q", raw[:8])[0]
    header = json.loads(raw[8:8 + n])
    meta = header.pop("__metadata__", {})
    data = raw[8 + n:]
    tensors = {}
    for name, t in header.items():
        assert t["dtype"] == "F32", name
        b, e = t["data_offsets"]
        tensors[name] = torch.from_numpy(np.frombuffer(data[b:e], dtype="<f4").copy()).reshape(t["shape"])
    return tensors, meta


class Gpt:
    def __init__(self, cfg, dtype):
        self.cfg = cfg
        d, V, C, L, T = cfg["n_embd"], cfg["vocab_size"], cfg["n_class"], cfg["n_layer"], cfg["block_size"]
        P = lambda *s: torch.zeros(*s, dtype=dtype, requires_grad=True)
        self.p = {}
        self.p["transformer.wte.weight"] = P(V, d)
        self.p["transformer.wpe.weight"] = P(T, d)
        for i in range(L):
            h = f"transformer.h.{i}."
            for n, s in [("ln_1.weight", (d,)), ("ln_1.bias", (d,)), ("attn.c_attn.weight", (3 * d, d)),
                         ("attn.c_attn.bias", (3 * d,)), ("attn.c_proj.weight", (d, d)), ("attn.c_proj.bias", (d,)),
                         ("ln_2.weight", (d,)), ("ln_2.bias", (d,)), ("mlp.c_fc.weight", (4 * d, d)),
                         ("mlp.c_fc.bias", (4 * d,)), ("mlp.c_proj.weight", (d, 4 * d)), ("mlp.c_proj.bias", (d,))]:
                self.p[h + n] = P(*s)
        self.p["transformer.ln_f.weight"] = P(d)
        self.p["transformer.ln_f.bias"] = P(d)
        self.p["cls_head.weight"] = P(C, d)
        self.p["cls_head.bias"] = P(C)

    def __call__(self, x, last):
        cfg, p = self.cfg, self.p
        B, T = x.shape
        d, H = cfg["n_embd"], cfg["n_head"]
        h = p["transformer.wte.weight"][x] + p["transformer.wpe.weight"][:T]
        mask = torch.ones(T, T, dtype=torch.bool).tril()
        for i in range(cfg["n_layer"]):
            g = lambda n: p[f"transformer.h.{i}.{n}"]
            a = F.layer_norm(h, (d,), g("ln_1.weight"), g("ln_1.bias"), 1e-5)
            q, k, v = F.linear(a, g("attn.c_attn.weight"), g("attn.c_attn.bias")).split(d, dim=2)
            q, k, v = [t.view(B, T, H, d // H).transpose(1, 2) for t in (q, k, v)]
            att = (q @ k.transpose(-2, -1)) / math.sqrt(d // H)
            att = att.masked_fill(~mask, float("-inf")).softmax(-1)
            y = (att @ v).transpose(1, 2).reshape(B, T, d)
            h = h + F.linear(y, g("attn.c_proj.weight"), g("attn.c_proj.bias"))
            m = F.layer_norm(h, (d,), g("ln_2.weight"), g("ln_2.bias"), 1e-5)
            u = F.gelu(F.linear(m, g("mlp.c_fc.weight"), g("mlp.c_fc.bias")), approximate="tanh")
            h = h + F.linear(u, g("mlp.c_proj.weight"), g("mlp.c_proj.bias"))
        z = F.layer_norm(h, (d,), p["transformer.ln_f.weight"], p["transformer.ln_f.bias"], 1e-5)
        lm = z @ p["transformer.wte.weight"].T
        cls = F.linear(z[torch.arange(B), last], p["cls_head.weight"], p["cls_head.bias"])
        return lm, cls


def losses(model, x, y, last, labels, lam, eps):
    lm, cls = model(x, last)
    V = lm.shape[-1]
    l_lm = F.cross_entropy(lm.reshape(-1, V), y.reshape(-1), ignore_index=0, label_smoothing=eps)
    l_ce = F.cross_entropy(cls, labels, label_smoothing=eps)
    nll = F.cross_entropy(lm.reshape(-1, V), y.reshape(-1), ignore_index=0)
    acc = (cls.argmax(-1) == labels).double().mean()
    return lam * l_lm + (1 - lam) * l_ce, l_lm, l_ce, nll, acc


def make_batch(texts, vocab, block):
    ids = {c: i + 4 for i, c in enumerate(vocab)}
    rows = [[ids.get(c, 3) for c in t][: block - 1] for t in texts]
    T = max(len(r) for r in rows) + 1
    x = torch.zeros(len(rows), T, dtype=torch.long)
    y = torch.zeros(len(rows), T, dtype=torch.long)
    last = torch.zeros(len(rows), dtype=torch.long)
    for b, r in enumerate(rows):
        x[b, 0] = 1
        x[b, 1:len(r) + 1] = torch.tensor(r, dtype=torch.long)
        y[b, :len(r)] = torch.tensor(r, dtype=torch.long)
        y[b, len(r)] = 2
        last[b] = len(r)
    return x, y, last


def check(args):
    tensors, meta = read_safetensors(args.ckpt)
    cfg = json.loads(meta["losslab.config"])
    vocab = json.loads(meta["losslab.vocab"])
    classes = json.loads(meta["losslab.classes"])
    model = Gpt(cfg, torch.float64)
    with torch.no_grad():
        for k, t in tensors.items():
            model.p[k].copy_(t.double())
    batch = json.load(open(args.batch))
    labels = torch.tensor([l if isinstance(l, int) else classes.index(l) for l in batch["labels"]])
    x, y, last = make_batch(batch["texts"], vocab, cfg["block_size"])
    loss, l_lm, l_ce, nll, acc = losses(model, x, y, last, labels, args.lam, args.eps)
    loss.backward()
    with tempfile.TemporaryDirectory() as tmp:
        gpath = os.path.join(tmp, "g.safetensors")
        out = subprocess.run([args.cli, "losses", "--ckpt", args.ckpt, "--batch", args.batch, "--lambda",
                              str(args.lam), "--eps", str(args.eps), "--grads-out", gpath],
                             check=True, capture_output=True, text=True).stdout
        ours = json.loads(out)
        grads, _ = read_safetensors(gpath)
    worst_scalar = 0.0
    for name, ref in [("loss", loss), ("lm_loss", l_lm), ("ce_loss", l_ce), ("lm_nll", nll), ("accuracy", acc)]:
        rel = abs(ours[name] - ref.item()) / max(1e-12, abs(ref.item()))
        worst_scalar = max(worst_scalar, rel)
        print(f"{name:10s} losslab {ours[name]:.8f}  torch {ref.item():.8f}  rel {rel:.2e}")
    worst_grad = 0.0
    for k, p in model.p.items():
        ref = p.grad
        rel = (grads[k].double() - ref).norm().item() / max(1e-30, ref.norm().item())
        if ref.norm().item() == 0:
            rel = grads[k].double().norm().item()
        worst_grad = max(worst_grad, rel)
    print(f"worst scalar rel {worst_scalar:.2e} (spec: 1e-5); worst gradient rel {worst_grad:.2e} (spec: 1e-4)")
    ok = worst_scalar <= 1e-5 and worst_grad <= 1e-4 and set(grads) == set(model.p.keys())
    print("OK" if ok else "MISMATCH")
    return 0 if ok else 1


def bench(args):
    torch.set_num_threads(args.threads)
    cfg = dict(vocab_size=96, n_class=4, block_size=64, n_layer=4, n_head=4, n_embd=128)
    model = Gpt(cfg, torch.float32)
    with torch.no_grad():
        for k, p in model.p.items():
            if p.dim() >= 2:
                p.normal_(0, 0.02)
            elif "ln_" in k and k.endswith("weight"):
                p.fill_(1)
    decay = [p for p in model.p.values() if p.dim() >= 2]
    rest = [p for p in model.p.values() if p.dim() < 2]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.1}, {"params": rest, "weight_decay": 0.0}],
                            lr=3e-4, betas=(0.9, 0.95), eps=1e-8)
    B, T = 32, 64
    g = torch.Generator().manual_seed(0)
    x = torch.randint(4, 96, (B, T), generator=g)
    x[:, 0] = 1
    y = torch.cat([x[:, 1:], torch.full((B, 1), 2)], dim=1)
    last = torch.full((B,), T - 1)
    labels = torch.randint(0, 4, (B,), generator=g)
    times = []
    for i in range(3 + args.steps):
        t0 = time.perf_counter()
        opt.zero_grad(set_to_none=True)
        loss = losses(model, x, y, last, labels, 0.5, 0.1)[0]
        loss.backward()
        torch.nn.utils.clip_grad_norm_(list(model.p.values()), 1.0)
        opt.step()
        if i >= 3:
            times.append(time.perf_counter() - t0)
    med = sorted(times)[len(times) // 2]
    print(json.dumps({"peer": "pytorch " + torch.__version__, "threads": args.threads,
                      "tokens_per_s": B * T / med, "step_ms_median": med * 1000}))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("check")
    c.add_argument("--cli", default="build/app/cli/losslab-cli")
    c.add_argument("--ckpt", required=True)
    c.add_argument("--batch", required=True)
    c.add_argument("--lambda", dest="lam", type=float, default=0.5)
    c.add_argument("--eps", type=float, default=0.1)
    b = sub.add_parser("bench")
    b.add_argument("--threads", type=int, default=1)
    b.add_argument("--steps", type=int, default=20)
    args = ap.parse_args()
    sys.exit(check(args) if args.cmd == "check" else bench(args))


if __name__ == "__main__":
    main()
