#!/usr/bin/env python3
"""EfficientNet-B4 at 380 px on one GPU: images/s of the model alone, fp32 and fp16, batch 1-64.

The physical limit of FakeWatch's GPU scorer (docs/gpu.md). It measures the architecture of
models/bench/efficientnet_b4_random.onnx (torchvision efficientnet_b4, one output, random weights) with
what the device image has: PyTorch (fp32 with cuDNN's default TF32, strict fp32, fp16 in channels-last),
and, if the image's onnxruntime has the CUDA provider, the same graph exported to ONNX and run through
ONNX Runtime's CUDA provider (what the Java scorer would use), fp32 and fp16. Random inputs: the speed of a
CNN does not depend on pixel values. The ONNX file itself (67 MiB) is over what a device call carries, so
the graph is rebuilt and exported here.

Budget: about 3 s of timed runs per configuration, ~40 configurations, well inside 15 minutes.
Output: one JSON object per line on stdout (and in $OUT/b4-gpu.jsonl when $OUT is set), then a table.

  python3 ops/gpu/measure_b4.py                 # everything
  python3 ops/gpu/measure_b4.py --skip-onnx     # PyTorch only
"""
import argparse
import json
import os
import sys
import time

BATCHES = [1, 2, 4, 8, 16, 32, 64]
SIZE = 380


def model(torch, torchvision):
    net = torchvision.models.efficientnet_b4(weights=None)
    net.classifier[1] = torch.nn.Linear(net.classifier[1].in_features, 1)
    return net.eval()


def timed(run, sync, seconds):
    """Images/s and ms a batch: warm up, then repeat for about `seconds`."""
    for _ in range(5):
        run()
    sync()
    calls, start = 0, time.perf_counter()
    while True:
        run()
        calls += 1
        if calls % 5 == 0:
            sync()
            if time.perf_counter() - start >= seconds:
                break
    sync()
    elapsed = time.perf_counter() - start
    return calls, elapsed


def torch_rows(torch, torchvision, seconds, emit):
    device = torch.device("cuda")
    for name, dtype, tf32, channels_last in [("torch-fp32-tf32", torch.float32, True, False),
                                              ("torch-fp32-strict", torch.float32, False, False),
                                              ("torch-fp16", torch.float16, True, True)]:
        torch.backends.cuda.matmul.allow_tf32 = tf32
        torch.backends.cudnn.allow_tf32 = tf32
        torch.backends.cudnn.benchmark = True
        net = model(torch, torchvision).to(device=device, dtype=dtype)
        if channels_last:
            net = net.to(memory_format=torch.channels_last)
        for batch in BATCHES:
            x = torch.randn(batch, 3, SIZE, SIZE, device=device, dtype=dtype)
            if channels_last:
                x = x.contiguous(memory_format=torch.channels_last)
            with torch.inference_mode():
                calls, elapsed = timed(lambda: net(x), torch.cuda.synchronize, seconds)
            emit(name, batch, calls, elapsed)
        del net
        torch.cuda.empty_cache()


def onnx_rows(torch, torchvision, seconds, emit, workdir):
    try:
        import numpy as np
        import onnxruntime as ort
    except ImportError as e:
        print(f"onnxruntime: not importable ({e}); ONNX rows skipped", file=sys.stderr)
        return
    if "CUDAExecutionProvider" not in ort.get_available_providers():
        print(f"onnxruntime {ort.__version__}: no CUDA provider ({ort.get_available_providers()}); ONNX rows skipped",
              file=sys.stderr)
        return
    net = model(torch, torchvision)
    for name, half in [("ort-cuda-fp32", False), ("ort-cuda-fp16", True)]:
        path = os.path.join(workdir, f"b4-{name}.onnx")
        export = net.half().cuda() if half else net.float().cpu()
        example = torch.randn(1, 3, SIZE, SIZE, dtype=torch.float16 if half else torch.float32,
                              device="cuda" if half else "cpu")
        torch.onnx.export(export, example, path, input_names=["input"], output_names=["logit"], opset_version=17,
                          dynamic_axes={"input": {0: "n"}, "logit": {0: "n"}})
        session = ort.InferenceSession(path, providers=["CUDAExecutionProvider"])
        if session.get_providers()[0] != "CUDAExecutionProvider":
            print(f"{name}: session fell back to {session.get_providers()}; skipped", file=sys.stderr)
            continue
        for batch in BATCHES:
            # inputs on the device, as a GPU scorer that uploads once per batch would have them
            x = np.random.randn(batch, 3, SIZE, SIZE).astype(np.float16 if half else np.float32)
            value = ort.OrtValue.ortvalue_from_numpy(x, "cuda", 0)
            binding = session.io_binding()
            binding.bind_ortvalue_input("input", value)
            binding.bind_output("logit", "cuda")
            calls, elapsed = timed(lambda: session.run_with_iobinding(binding), lambda: None, seconds)
            emit(name, batch, calls, elapsed)
        net = net.float()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="timed seconds per configuration")
    parser.add_argument("--skip-onnx", action="store_true")
    args = parser.parse_args()
    import torch
    import torchvision
    if not torch.cuda.is_available():
        sys.exit("no CUDA device visible to PyTorch")
    device = torch.cuda.get_device_name(0)
    out_dir = os.environ.get("OUT") or "."
    rows = []
    sink = open(os.path.join(out_dir, "b4-gpu.jsonl"), "w") if os.environ.get("OUT") else None

    def emit(name, batch, calls, elapsed):
        row = {"device": device, "torch": torch.__version__, "config": name, "batch": batch,
               "images_per_s": round(batch * calls / elapsed, 1), "ms_per_batch": round(1000 * elapsed / calls, 2)}
        rows.append(row)
        line = json.dumps(row)
        print(line, flush=True)
        if sink:
            sink.write(line + "\n")
            sink.flush()

    started = time.time()
    torch_rows(torch, torchvision, args.seconds, emit)
    if not args.skip_onnx:
        import tempfile
        with tempfile.TemporaryDirectory() as workdir:  # the exported graphs stay off $OUT (67 MiB each)
            onnx_rows(torch, torchvision, args.seconds, emit, workdir)
    print(f"\n{device}, torch {torch.__version__}, {time.time() - started:.0f} s")
    configs = sorted({r["config"] for r in rows}, key=[r["config"] for r in rows].index)
    print("batch " + " ".join(f"{c:>18}" for c in configs) + "   (images/s)")
    for batch in BATCHES:
        cells = [next((r["images_per_s"] for r in rows if r["config"] == c and r["batch"] == batch), None) for c in configs]
        print(f"{batch:5d} " + " ".join(f"{'-' if v is None else v:>18}" for v in cells))


if __name__ == "__main__":
    main()
