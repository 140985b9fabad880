#!/usr/bin/env python3
"""extract-sentences.py - the labelled articles' sentences, speakers and sections as
tab-separated files for bench/gen-corpus (read from the repository only).

Usage: extract-sentences.py REPO_ROOT OUT_DIR
Writes OUT_DIR/sentences.tsv (text, cue, method), OUT_DIR/speakers.tsv (slug,
name, aliases as a PostgreSQL array literal) and OUT_DIR/sections.tsv (name),
in a fixed order so that the corpus built from them is the same on every run.
"""
import glob
import json
import os
import sys


def tsv_field(value):
    """COPY text format: NULL as \\N, backslash, tab and newlines escaped."""
    if value is None:
        return "\\N"
    return (value.replace("\\", "\\\\").replace("\t", "\\t")
            .replace("\n", "\\n").replace("\r", "\\r"))


def pg_array(items):
    quoted = ['"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"' for s in items]
    return "{" + ",".join(quoted) + "}"


def main():
    root, out = sys.argv[1], sys.argv[2]
    files = sorted(glob.glob(os.path.join(root, "tests/text/articles/**/*.labels.json"),
                             recursive=True))
    files += sorted(glob.glob(os.path.join(root, "tests/data/seed/*.labels.json")))
    if not files:
        sys.exit("extract-sentences: no labelled articles under " + root)
    sentences, speakers, sections = [], {}, []
    for path in files:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
        for sp in doc.get("speakers", []):
            speakers.setdefault(sp["slug"], sp)
        for st in doc["statements"]:
            text = " ".join(st["text"].split())
            if text:
                sentences.append((text, st.get("cue"), st.get("method")))
            sec = st.get("section")
            # Live-blog timestamps ("22:01 BST") are headings, not sections a desk files by.
            if sec and not sec[0].isdigit() and sec not in sections:
                sections.append(sec)
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "sentences.tsv"), "w", encoding="utf-8") as f:
        for text, cue, method in sentences:
            f.write("\t".join(tsv_field(v) for v in (text, cue, method)) + "\n")
    with open(os.path.join(out, "speakers.tsv"), "w", encoding="utf-8") as f:
        for slug in sorted(speakers):
            sp = speakers[slug]
            f.write("\t".join(tsv_field(v) for v in
                              (slug, sp["name"], pg_array(sp.get("aliases", [])))) + "\n")
    with open(os.path.join(out, "sections.tsv"), "w", encoding="utf-8") as f:
        for sec in sections:
            f.write(tsv_field(sec) + "\n")
    print(f"extract-sentences: {len(sentences)} sentences, {len(speakers)} speakers, "
          f"{len(sections)} sections from {len(files)} articles", file=sys.stderr)


if __name__ == "__main__":
    main()
