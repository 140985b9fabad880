/* utf8.h - the few UTF-8 helpers the text engine needs (no locale, no tables). */
#ifndef SAYWHO_UTF8_H
#define SAYWHO_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* 1 when s[0..len) is well-formed UTF-8 (no overlongs, no surrogates) without
 * NUL bytes, else 0. */
int utf8_valid(const char *s, size_t len);

/* Decodes the code point at s[i] (i < len) into *cp and returns its length in
 * bytes (1..4). Malformed input decodes as one byte, *cp = 0xFFFD. */
size_t utf8_decode(const char *s, size_t len, size_t i, uint32_t *cp);

/* The code point that ends just before s[i] (i > 0); returns its start. */
size_t utf8_prev(const char *s, size_t i, uint32_t *cp);

/* Code points in s[0..len): counts the bytes that do not continue a sequence. */
size_t utf8_count(const char *s, size_t len);

/* 1 for code points that make up words: ASCII letters and digits, and every
 * non-ASCII code point outside the punctuation, space and symbol blocks. */
int utf8_is_word(uint32_t cp);

/* 1 for uppercase letters we can tell apart cheaply (ASCII, Latin-1,
 * Latin Extended-A, Greek, Cyrillic); 1 also for caseless scripts' letters
 * (CJK, Arabic, ...) since they may start a sentence; 0 for lowercase. */
int utf8_may_start_sentence(uint32_t cp);

/* 1 for lowercase letters of the cased scripts above. */
int utf8_is_lower(uint32_t cp);

#endif
