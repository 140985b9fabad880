#!/usr/bin/env python3
# Builds NAME.txt and NAME.labels.json from a hand-labelled source:
#   @speaker slug | Name | alias; alias     registered speakers
#   @meta key value                          article metadata to check
#   @json                                    body given as a JSON body (no wire metadata)
#   @tail line                               trailing metadata line (verbatim)
#   =Heading                                 a heading line (opens a section)
#   {slug|cue|method} sentence               attributed sentence (slug may be a prefix)
#   {slug|cue|method|amb} sentence           ambiguous (may be left unattributed)
#   sentence                                 narration
#   blank line                               paragraph break
# Usage (from a round's src/ folder): python3 ../../gen.py NAME.src .. — the round's NOTES file
# beside the sources says how its articles were made, and goes into every labels file.
import json, sys, os, re
src, outdir = sys.argv[1], sys.argv[2]
name = os.path.basename(src)[:-4]
speakers, meta, tail, paras, json_body = [], {}, [], [], False
cur, section, stm = [], None, []
def flush():
    global cur
    if cur: paras.append(('p', cur)); cur = []
for raw in open(src, encoding='utf-8').read().split('\n'):
    line = raw.rstrip('\n')
    if line.startswith('@speaker '):
        slug, nm, al = [x.strip() for x in line[9:].split('|')]
        speakers.append({'slug': slug, 'name': nm, 'aliases': [a.strip() for a in al.split(';') if a.strip()]})
    elif line.startswith('@meta '):
        k, v = line[6:].split(' ', 1); meta[k] = None if v == 'null' else v
    elif line == '@json': json_body = True
    elif line.startswith('@tail '): tail.append(line[6:])
    elif line.startswith('='): flush(); paras.append(('h', line[1:]))
    elif not line.strip(): flush()
    else:
        m = re.match(r'\{([^}]*)\} (.*)$', line)
        lab = None
        if m:
            f = m.group(1).split('|'); line = m.group(2)
            slug = [s['slug'] for s in speakers if s['slug'].startswith(f[0])]
            assert len(slug) == 1, (src, f[0])
            lab = {'speaker': slug[0], 'cue': f[1] or None, 'method': f[2], 'ambiguous': len(f) > 3}
        cur.append((line, lab))
flush()
out, sections = [], []
for kind, p in paras:
    if kind == 'h':
        out.append(p); section = p; sections.append(p); continue
    out.append(' '.join(s for s, _ in p))
    for s, lab in p:
        st = {'seq': len(stm), 'text': s, 'section': section,
              'speaker': lab['speaker'] if lab else None,
              'cue': lab['cue'] if lab else None, 'method': lab['method'] if lab else None}
        if lab and lab['ambiguous']: st['ambiguous'] = True
        stm.append(st)
body = '\n'.join(out + tail) + '\n'
if json_body:  # a JSON body as clients send it: blank lines and stray blanks that normalisation removes
    body = '  ' + '\n\n'.join(out) + '  \n'
art = {'sections': sections}
art.update(meta)
if json_body: art['body_format'] = 'json'
open(os.path.join(outdir, name + '.txt'), 'w', encoding='utf-8').write(body)
lab = {'file': name + '.txt', 'article': art, 'speakers': speakers,
       'notes': open(os.path.join(os.path.dirname(os.path.abspath(src)), 'NOTES'), encoding='utf-8').read().strip(),
       'statements': stm}
open(os.path.join(outdir, name + '.labels.json'), 'w', encoding='utf-8').write(json.dumps(lab, indent=1, ensure_ascii=False) + '\n')
words = len(' '.join(out).split())
print(f'{name}: {len(stm)} sentences, {sum(1 for s in stm if s["speaker"] and not s.get("ambiguous"))} attributed, {words} words')
