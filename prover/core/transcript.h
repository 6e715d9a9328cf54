/* zki_transcript: the Fiat-Shamir transcript of zkinfer proofs (docs/PROTOCOL.md,
 * section 3). The prover, the C verifiers and the Solidity verifier must produce the
 * same bytes, so the rules are few and word-based, to make each challenge one EVM
 * keccak256 over contiguous memory:
 *
 *   init(label):  state = keccak256(label)
 *   absorb:       append 32-byte big-endian words to the pending list
 *                 (Fr: 1 canonical word; G1: x, y, infinity = two zero words;
 *                 a raw word, e.g. a VK digest, as given)
 *   squeeze:      h = keccak256(state || pending words); state = h; pending = empty;
 *                 challenge = h as a big-endian integer mod r
 *
 * Two squeezes in a row hash the 32-byte state alone and give distinct challenges.
 * No type tags or lengths are hashed: the protocol fixes which words come between
 * challenges, so the word sequence determines the input.
 *
 * Memory: nothing is allocated and the transcript length is unbounded; instead of
 * buffering the pending words, the struct keeps a Keccak context that has already
 * absorbed state followed by them.
 */
#ifndef ZKI_TRANSCRIPT_H
#define ZKI_TRANSCRIPT_H

#include <stddef.h>
#include <stdint.h>

#include "fr.h"
#include "g1.h"
#include "keccak.h"
#include "status.h"

/* Fields are read-only for callers; the counters are for debugging and spec checks. */
typedef struct {
    zki_keccak_ctx h;     /* keccak256 context holding state || pending words */
    uint8_t state[32];    /* the current state word */
    uint64_t n_pending;   /* words absorbed since the last squeeze (or init) */
    uint64_t n_absorbed;  /* words absorbed since init (state words not counted) */
    uint64_t n_squeezed;  /* challenges squeezed since init */
} zki_transcript;

/* Starts a transcript with a domain-separation label, e.g. "zkinfer-plonk-v1".
 * Returns: ZKI_OK, or ZKI_ERR_ARG if t or label is NULL or label_len is 0
 *          (t untouched).
 * Out: t          state = keccak256(label), nothing pending, counters zero.
 * In:  label      label_len bytes, hashed as they are (no terminator). */
zki_status zki_transcript_init(zki_transcript *t, const uint8_t *label, size_t label_len)
    __attribute__((warn_unused_result));

/* Appends one raw 32-byte word (a digest, a public input already encoded, ...).
 * Args: t  an initialised transcript.
 * In:   w  the word, hashed as given. */
void zki_transcript_absorb_word(zki_transcript *t, const uint8_t w[32]);

/* Appends a scalar as one word: its canonical 32-byte big-endian encoding.
 * Args: t  an initialised transcript.
 * In:   a  a field element. */
void zki_transcript_absorb_fr(zki_transcript *t, const zki_fr *a);

/* Appends a G1 point as two words, x then y (the EVM encoding); the point at
 * infinity is two zero words. The point is hashed as given, not validated: points
 * from outside are checked when decoded (zki_g1_aff_from_bytes).
 * Args: t  an initialised transcript.
 * In:   p  an affine point. */
void zki_transcript_absorb_g1(zki_transcript *t, const zki_g1_aff *p);

/* Derives the next challenge: h = keccak256(state || pending words), state = h,
 * pending cleared, challenge = h mod r.
 * Args: t          an initialised transcript; updated.
 * Out:  challenge  h read as a 256-bit big-endian integer, reduced mod r. */
void zki_transcript_squeeze_fr(zki_transcript *t, zki_fr *challenge);

#endif
