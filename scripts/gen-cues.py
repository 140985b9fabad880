#!/usr/bin/env python3
"""gen-cues.py - the reporting verbs of WordNet as a C table for text/lexicon.c.

Reads WordNet 3.0's data.verb and verb.exc (Debian's wordnet-base, at build
time) and writes the inflected forms (past and third person singular) of
every verb of the lexicographer files verb.communication (32) and, with
--cognition, verb.cognition (31) that WordNet marks with the sentence frame
26, "Somebody ----s that CLAUSE": the verbs that report what somebody said or
thinks ("argued", "conceded", "lamented", "vowed", "cautioned", "quipped"),
not actions ("signed", "wrote a book" have no that-clause frame). Single-word
lemmas whose most frequent sense is one of those synsets ("argue", not
"make" or "hold"); irregular pasts come from verb.exc. The lemmas and forms in
--exclude (text/cues-exclude.txt: precision, checked against the labelled
articles, see tests/text/articles/README.md) are left out. lexicon.c looks its
hand-made list up first, so a form in both is the hand-made one.

Usage: gen-cues.py WORDNET_DIR OUT.h [--exclude FILE] [--cognition]
       [--all-frames] [--any-sense]   (the last two: looser, to measure the trade-off)
"""
import os
import re
import sys

COMMUNICATION, COGNITION = 32, 31
THAT_CLAUSE = 26


def lemmas(path, files, all_frames, first):
    """Lemmas of synsets in the given lexicographer files with the that-clause
    frame, whose most frequent sense is one of those synsets ("argue", not
    "make" or "hold": their first senses are no speech)."""
    out = set()
    with open(path, encoding='latin-1') as f:
        for line in f:
            if line.startswith('  '):
                continue  # the licence header
            data = line.split('|')[0].split()
            if int(data[1]) not in files:
                continue
            w_cnt = int(data[3], 16)
            words = [data[4 + 2 * k].lower() for k in range(w_cnt)]
            k = 4 + 2 * w_cnt
            p_cnt = int(data[k])
            k += 1 + 4 * p_cnt
            frames = []
            if k < len(data):
                f_cnt = int(data[k])
                k += 1
                for _ in range(f_cnt):
                    frames.append((int(data[k + 1]), int(data[k + 2], 16)))
                    k += 3
            for i, w in enumerate(words, 1):
                if all_frames or any(fn == THAT_CLAUSE and wn in (0, i) for fn, wn in frames):
                    if re.fullmatch(r'[a-z]+', w) and (not first or first.get(w) == data[0]):
                        out.add(w)
    return out


def first_senses(path):
    """index.verb: lemma -> the synset offset of its most frequent sense."""
    first = {}
    with open(path, encoding='latin-1') as f:
        for line in f:
            if line.startswith('  '):
                continue
            p = line.split()
            synset_cnt, p_cnt = int(p[2]), int(p[3])
            first[p[0]] = p[4 + p_cnt + 2]
    return first


def irregular(path):
    """verb.exc: base -> inflected forms WordNet lists ("say" -> "said")."""
    forms = {}
    with open(path, encoding='latin-1') as f:
        for line in f:
            parts = line.split()
            if len(parts) == 2:
                forms.setdefault(parts[1], set()).add(parts[0])
    return forms


def regular(v):
    """Past and third person singular by the regular rules; a doubled final
    consonant is generated as well as a plain one (a form no text uses costs
    nothing: it never matches)."""
    vowels = 'aeiou'
    if v.endswith('e'):
        past = {v + 'd'}
    elif v.endswith('y') and len(v) > 1 and v[-2] not in vowels:
        past = {v[:-1] + 'ied'}
    else:
        past = {v + 'ed'}
        if len(v) >= 3 and v[-1] not in vowels + 'wxy' and v[-2] in vowels and v[-3] not in vowels:
            past.add(v + v[-1] + 'ed')
    if re.search(r'(s|x|z|ch|sh)$', v):
        third = v + 'es'
    elif v.endswith('y') and len(v) > 1 and v[-2] not in vowels:
        third = v[:-1] + 'ies'
    else:
        third = v + 's'
    return past, third


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__)
    wn, out = argv[1], argv[2]
    files = {COMMUNICATION} | ({COGNITION} if '--cognition' in argv else set())
    exclude = set()
    if '--exclude' in argv:
        with open(argv[argv.index('--exclude') + 1]) as f:
            exclude = {l.split('#')[0].strip() for l in f} - {''}
    exc = irregular(os.path.join(wn, 'verb.exc'))
    forms = set()
    first = {} if '--any-sense' in argv else first_senses(os.path.join(wn, 'index.verb'))
    for v in lemmas(os.path.join(wn, 'data.verb'), files, '--all-frames' in argv, first):
        if v in exclude:
            continue
        past, third = regular(v)
        if v in exc:  # "said", "told", "wrote": the irregular forms replace the regular past
            past = {f for f in exc[v] if not f.endswith('ing')}
        forms |= past | {third}
        if v.endswith('ize'):  # British copy: "apologised", "criticises"
            b_past, b_third = regular(v[:-3] + 'ise')
            forms |= b_past | {b_third}
    forms = sorted(f for f in forms if 4 <= len(f) <= 20 and f not in exclude)
    with open(out, 'w') as f:
        f.write('/* Generated by scripts/gen-cues.py from WordNet 3.0 (wordnet-base): the past and\n'
                ' * third person forms of the that-clause verbs of verb.communication%s.\n'
                ' * Do not edit; sorted bytewise. */\n' % (' and verb.cognition' if COGNITION in files else ''))
        f.write('static const struct cue_def wordnet_cues[] = {\n')
        for w in forms:
            f.write('    V1("%s"),\n' % w)
        f.write('};\n')
        last = sorted({w[-1] for w in forms})
        f.write('#define WORDNET_CUE_LAST_MASK 0x%xu /* bit c - \'a\' */\n'
                % sum(1 << (ord(c) - 97) for c in last))


if __name__ == '__main__':
    main(sys.argv)
