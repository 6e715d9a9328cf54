/* The Fiat-Shamir transcript (transcript.h, docs/PROTOCOL.md section 3).
 *
 * Invariant: t->h is a fresh keccak256 context into which exactly
 * t->state || (the t->n_pending pending words) has been fed, so a squeeze only
 * finalises it; no word is ever buffered here.
 */
#include "transcript.h"

/* Restarts the running hash at a new state word. */
static void transcript_restart(zki_transcript *t) {
    zki_keccak256_init(&t->h);
    zki_keccak_update(&t->h, t->state, 32);
    t->n_pending = 0;
}

zki_status zki_transcript_init(zki_transcript *t, const uint8_t *label, size_t label_len) {
    if (t == NULL || label == NULL || label_len == 0) return ZKI_ERR_ARG;
    zki_keccak256(t->state, label, label_len);
    transcript_restart(t);
    t->n_absorbed = 0;
    t->n_squeezed = 0;
    return ZKI_OK;
}

void zki_transcript_absorb_word(zki_transcript *t, const uint8_t w[32]) {
    zki_keccak_update(&t->h, w, 32);
    t->n_pending++;
    t->n_absorbed++;
}

void zki_transcript_absorb_fr(zki_transcript *t, const zki_fr *a) {
    uint8_t w[32];
    zki_fr_to_bytes(w, a);
    zki_transcript_absorb_word(t, w);
}

void zki_transcript_absorb_g1(zki_transcript *t, const zki_g1_aff *p) {
    uint8_t xy[64]; /* infinity encodes as 64 zero bytes (g1.h) */
    zki_g1_aff_to_bytes(xy, p);
    zki_transcript_absorb_word(t, xy);
    zki_transcript_absorb_word(t, xy + 32);
}

void zki_transcript_squeeze_fr(zki_transcript *t, zki_fr *challenge) {
    zki_keccak_final(&t->h, t->state);
    zki_fr_from_bytes_reduce(challenge, t->state);
    t->n_squeezed++;
    transcript_restart(t);
}
