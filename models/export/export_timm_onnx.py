#!/usr/bin/env python3
"""Export a timm EfficientNet deepfake classifier to ONNX and print its FakeWatch manifest entry.

The network ends in one logit (FAKE); the ONNX input is NCHW float32 RGB normalised with ImageNet mean/std
on pixel/255, batch dimension dynamic. Use --random to export an untrained model (a smoke test of the path).
"""
import argparse
import hashlib
import json
import os

import torch
import timm

MEAN = [0.485 * 255, 0.456 * 255, 0.406 * 255]
STD = [0.229 * 255, 0.224 * 255, 0.225 * 255]


def load(arch, checkpoint, random_init):
    model = timm.create_model(arch, pretrained=False, num_classes=1)
    if not random_init:
        state = torch.load(checkpoint, map_location="cpu")
        state = state.get("state_dict", state)
        state = {k[len("module."):] if k.startswith("module.") else k: v for k, v in state.items()}
        # the 1st-place DFDC checkpoints name the backbone "encoder." and the head "fc."
        state = {k.replace("encoder.", "", 1): v for k, v in state.items()}
        state = {("classifier." + k[3:] if k.startswith("fc.") else k): v for k, v in state.items()}
        missing, unexpected = model.load_state_dict(state, strict=False)
        if missing:
            raise SystemExit(f"checkpoint lacks {len(missing)} weights, e.g. {missing[:3]}")
    return model.eval()


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--arch", default="tf_efficientnet_b4_ns")
    parser.add_argument("--checkpoint")
    parser.add_argument("--random", action="store_true", help="no checkpoint: random weights")
    parser.add_argument("--size", type=int, default=380)
    parser.add_argument("--name", default="effnet_b4")
    parser.add_argument("--version", default="1")
    parser.add_argument("--output", required=True)
    parser.add_argument("--opset", type=int, default=17)
    args = parser.parse_args()
    if not args.random and not args.checkpoint:
        parser.error("give --checkpoint or --random")

    model = load(args.arch, args.checkpoint, args.random)
    dummy = torch.randn(2, 3, args.size, args.size)
    torch.onnx.export(model, dummy, args.output, input_names=["input"], output_names=["logit_fake"],
                      dynamic_axes={"input": {0: "N"}, "logit_fake": {0: "N"}}, opset_version=args.opset)

    digest = hashlib.sha256(open(args.output, "rb").read()).hexdigest()
    entry = {
        "name": args.name, "version": args.version, "role": "classifier", "file": os.path.basename(args.output),
        "url": None, "sha256": digest, "bytes": os.path.getsize(args.output),
        "license": "set me: the checkpoint's licence",
        "input": {"name": "input", "layout": "NCHW", "width": args.size, "height": args.size, "dynamic": False,
                  "colour": "RGB", "scale": 1.0, "mean": MEAN, "std": STD},
        "output": {"name": "logit_fake", "meaning": "logit_fake"},
        "card": f"cards/{args.name}.md",
    }
    print(json.dumps(entry, indent=2))


if __name__ == "__main__":
    main()
