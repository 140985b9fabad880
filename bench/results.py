#!/usr/bin/env python3
"""Writes the figures of one bench/run (its figures.txt) into bench/RESULTS.md as a table with
the ratios, in the section named LABEL ("latest": the one bench/run rewrites), keeping the rest
of the file.   results.py FIGURES RESULTS.md LABEL"""
import re, sys
figs_path, md_path, label = sys.argv[1:4]
lines = [l.rstrip("\n") for l in open(figs_path, encoding="utf-8")]
vals = {}
for l in lines:
    p = l.split()
    if p and not l.startswith("#"):
        vals[p[0]] = p
def cell(name, unit="rps"):
    p = vals.get(name)
    if not p:
        return "-"
    kv = dict(zip(p[2::2], p[3::2]))
    return f"{int(p[1]):,} ({kv.get('p50_ms', '?')}/{kv.get('p99_ms', '?')})"
def rat(a, b):
    try:
        return f"{int(vals[a][1]) / int(vals[b][1]):.2f}"
    except (KeyError, ZeroDivisionError):
        return "-"
rows = [("GET one statement", "get_statement", "statement"),
        ("GET a speaker's page of 50", "speaker_page", "page"),
        ("GET an article with 40 statements", "get_article", "article")]
ctx = [l for l in lines if l.startswith("#")]
t = ["| request | DB ceiling (reference SQL) | saywho's own SQL | nginx static | peer | saywho | saywho / peer | saywho / DB ceiling | saywho / own SQL |",
     "|---|---|---|---|---|---|---|---|---|"]
def line(label, key, own, ng, mine):
    """A table row: the DB ceiling and peer of key, saywho's own SQL own, nginx's ng, saywho's mine."""
    nginx = f" {cell('nginx_static_' + ng + '_rps')} " if ng else " "
    return (f"| {label} | {cell('pgbench_' + key + '_tps')} | {cell('pgbench_saywho_sql_' + own + '_tps')} |"
            f"{nginx}| {cell('peer_' + key + '_rps')} | {cell('saywho_' + mine + '_rps')} | "
            f"{rat('saywho_' + mine + '_rps', 'peer_' + key + '_rps')} | {rat('saywho_' + mine + '_rps', 'pgbench_' + key + '_tps')} | "
            f"{rat('saywho_' + mine + '_rps', 'pgbench_saywho_sql_' + own + '_tps')} |")
for row_label, key, ng in rows:
    t.append(line(row_label, key, key, ng, key))
if "saywho_get_article_first_read_rps" in vals:
    t.append(line("GET an article, its first read (from its rows, then kept)", "get_article",
                  "get_article_rows", None, "get_article_first_read"))
t.append(f"| POST the seed article (articles/s) | | | | | {cell('saywho_post_article_rps')} | | | |")
if any(k.startswith("saywho_cached_") for k in vals):
    t += ["", "Cache on, the same request repeated (one URL, as nginx serves one file):", "",
          "| request | nginx static | saywho, cached | saywho / nginx |", "|---|---|---|---|"]
    for row_label, key, ng in rows:
        t.append(f"| {row_label} | {cell('nginx_static_' + ng + '_rps')} | {cell('saywho_cached_' + key + '_rps')} | "
                 f"{rat('saywho_cached_' + key + '_rps', 'nginx_static_' + ng + '_rps')} |")
rss = vals.get("saywho_rss_256")
if rss:
    kv = dict(zip(rss[1::2], rss[2::2]))
    t += ["", f"RSS with 256 connections open under load (`bench/rss-256`, cache off): "
              f"{int(kv['rss_kb']) / 1024:.1f} MB (VmHWM {int(kv['hwm_kb']) / 1024:.1f} MB) at {kv.get('rps', '?')} rps"]
begin = f"<!-- bench/run {label}: begin -->"
end = f"<!-- bench/run {label}: end -->"
title = "latest run, rewritten by every run" if label == "latest" else label
section = [begin, f"## HTTP hot path (`bench/run`, {title})", "",
           "rps/tps, then p50/p99 in ms; every figure from the same run on the same machine.", ""]
section += t + ["", "Context of the run:", "", "```"] + ctx + ["```", "", "Raw figures:", "", "```"]
section += [l for l in lines if not l.startswith("#")] + ["```", end]
text = open(md_path, encoding="utf-8").read()
block = "\n".join(section)
pat = re.compile(re.escape(begin) + ".*?" + re.escape(end), re.S)
text = pat.sub(lambda m: block, text) if pat.search(text) else text.rstrip("\n") + "\n\n" + block + "\n"
open(md_path, "w", encoding="utf-8").write(text)
