/* The mock prover: checks a witness against a circuit directly, row by row, and names
 * the first failing constraint (gate, lookup or copy) with its row and column, so
 * circuit bugs are found before any proving. It proves nothing; it is a debugging
 * tool and a test oracle for the real prover.
 */
#ifndef ZKI_MOCK_H
#define ZKI_MOCK_H

#include "cs.h"

/* A full assignment: advice and instance columns, column-major, n values each.
 * Instance values beyond the public inputs are zero. */
typedef struct {
    const zki_fr *advice;   /* n_advice * n */
    const zki_fr *instance; /* n_instance * n */
    /* cs->n_challenges values (any values: the mock checks the constraints for the
     * challenges given); may be NULL when the circuit has none */
    const zki_fr *challenges;
} zki_witness;

typedef enum {
    ZKI_MOCK_GATE = 1,   /* gate `index` is non-zero at `row` */
    ZKI_MOCK_LOOKUP = 2, /* lookup `index`: the input tuple at `row` is not in the table */
    ZKI_MOCK_COPY = 3,   /* copy `index`: cells `a` and `b` differ */
    ZKI_MOCK_UNGATED = 4 /* gate `index` does not vanish when the fixed columns are zero */
} zki_mock_kind;

typedef struct {
    zki_mock_kind kind;
    uint32_t index;
    uint32_t row;
    zki_cell a, b;
    char name[32];
} zki_mock_failure;

/* Checks every gate on every usable row, every lookup input on every usable row against
 * the table rows of the usable area, and every copy constraint.
 * Returns: ZKI_OK if all hold; ZKI_REJECT with *fail describing the first failure;
 * ZKI_ERR_ARG for an invalid circuit; ZKI_ERR_NOMEM. */
zki_status zki_mock_prove(const zki_cs *cs, const zki_witness *w, zki_mock_failure *fail);

/* Checks that every gate vanishes when all fixed columns are zero, whatever the advice
 * and instance values (tested at pseudo-random values), as the reserved rows require.
 * Returns: ZKI_OK, or ZKI_REJECT with *fail (kind ZKI_MOCK_UNGATED). */
zki_status zki_cs_check_gates_gated(const zki_cs *cs, zki_mock_failure *fail);

/* Writes a one-line description of a failure ("gate 'mul' fails at row 5"). */
void zki_mock_failure_str(char *buf, size_t len, const zki_mock_failure *fail);

#endif
