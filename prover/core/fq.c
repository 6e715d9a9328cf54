/* Fq, the base field of BN254: instantiates field_impl.h with p's constants. */
#include "fq.h"

#define ZKI_F zki_fq
#define FLD_MOD {0x3c208c16d87cfd47ULL, 0x97816a916871ca8dULL, 0xb85045b68181585dULL, 0x30644e72e131a029ULL}
#define FLD_ONE {0xd35d438dc58f0d9dULL, 0x0a78eb28f5c70b3dULL, 0x666ea36f7879462cULL, 0x0e0a77c19a07df2fULL}
#define FLD_R2 {0xf32cfc5b538afa89ULL, 0xb5e71911d44501fbULL, 0x47ab1eff0a417ff6ULL, 0x06d89f71cab8351fULL}
#define FLD_INV 0x87d20782e4866389ULL
/* p - 1 = 2 t: Tonelli–Shanks with S = 1 is the a^((p+1)/4) formula. */
#define FLD_S 1
#define FLD_T_MINUS1_HALF {0x4f082305b61f3f51ULL, 0x65e05aa45a1c72a3ULL, 0x6e14116da0605617ULL, 0x0c19139cb84c680aULL}
/* -1, the primitive square root of unity (Montgomery form) */
#define FLD_ROOT {0x68c3488912edefaaULL, 0x8d087f6872aabf4fULL, 0x51e1a24709081231ULL, 0x2259d6b14729c0faULL}
#include "field_impl.h"

const uint64_t zki_fq_modulus[4] = FLD_MOD;
