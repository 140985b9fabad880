#!/usr/bin/env python3
"""Merges the OpenAPI fragments (base.json first, then the others by name) into one
document: "paths" and "components" sections are united; a path or component
defined twice is an error. Usage: build-openapi.py OUT FRAGMENT..."""
import json
import os
import sys

out_path, *paths = sys.argv[1:]
paths.sort(key=lambda p: (os.path.basename(p) != "base.json", os.path.basename(p)))
doc = None
for path in paths:
    with open(path, encoding="utf-8") as f:
        frag = json.load(f)
    if doc is None:
        doc = frag
        doc.setdefault("paths", {})
        doc.setdefault("components", {})
        continue
    for route, ops in frag.get("paths", {}).items():
        target = doc["paths"].setdefault(route, {})
        for method, op in ops.items():
            if method in target:
                sys.exit(f"{path}: {method.upper()} {route} is described twice")
            target[method] = op
    for kind, items in frag.get("components", {}).items():
        target = doc["components"].setdefault(kind, {})
        for name, item in items.items():
            if name in target and target[name] != item:
                sys.exit(f"{path}: components.{kind}.{name} is defined twice, differently")
            target[name] = item
with open(out_path, "w", encoding="utf-8") as out:
    json.dump(doc, out, indent=1, ensure_ascii=False)
    out.write("\n")
