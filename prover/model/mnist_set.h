/* Reader for examples/mnist/heldout.bin (layout in examples/mnist/README.md):
 * magic "ZKMNIST1", u32 N, u32 rows, u32 cols, N label bytes, N·rows·cols pixel bytes. */
#ifndef ZKI_MNIST_SET_H
#define ZKI_MNIST_SET_H

#include <stddef.h>
#include <stdint.h>

#include "status.h"

typedef struct {
    uint32_t n, rows, cols;
    uint8_t *labels; /* n */
    uint8_t *pixels; /* n · rows · cols, byte p stands for p / 255 */
} zki_mnist_set;

/* Returns: ZKI_OK, ZKI_ERR_IO, ZKI_ERR_ENCODING (wrong magic), ZKI_ERR_SIZE, ZKI_ERR_NOMEM. */
zki_status zki_mnist_set_read(zki_mnist_set *set, const char *path);
void zki_mnist_set_free(zki_mnist_set *set);

#endif
