/* Cortex-M4 firmware for qemu-system-arm -M mps2-an386 -semihosting: verifies the proof
 * embedded in fw_data.h (made by gen_data.sh from `zkinfer example`), then the same
 * proof with one byte flipped and with a changed public input, and reports over
 * semihosting: the verdicts, the instructions each verification took (SysTick on the
 * processor clock under -icount shift=0, where 1 instruction = 1 ns of virtual time and
 * the 25 MHz SysTick counts one tick per 40 instructions), and the stack high-water mark
 * of zkv_verify (stack painting). Exits 0 when the verdicts are accept/reject/reject. */
#include <stdint.h>
#include <string.h>

#include "../zkv.h"
#include "fw_data.h"

/* ---- startup: vector table, .data/.bss set-up, SysTick overflow count */
extern uint32_t _etext, _sdata, _edata, _sbss, _ebss, _sstack, _estack;
int main(void);
void reset_handler(void);
void systick_handler(void);
static void default_handler(void) {
    for (;;) {
    }
}

__attribute__((section(".isr_vector"), used)) static void (*const vectors[16])(void) = {
    (void (*)(void))(uintptr_t)&_estack, reset_handler, default_handler, default_handler,
    default_handler, default_handler, default_handler, 0, 0, 0, 0, default_handler, default_handler, 0,
    default_handler, systick_handler};

static int semihost(int op, const void *arg) {
    register int r0 __asm__("r0") = op;
    register const void *r1 __asm__("r1") = arg;
    __asm__ volatile("bkpt 0xAB" : "+r"(r0) : "r"(r1) : "memory");
    return r0;
}

void reset_handler(void) {
    uint32_t *src = &_etext, *dst = &_sdata;
    while (dst < &_edata) *dst++ = *src++;
    for (dst = &_sbss; dst < &_ebss; dst++) *dst = 0;
    int rc = main();
    semihost(0x18, (const void *)(uintptr_t)(rc == 0 ? 0x20026 : 0x20023)); /* SYS_EXIT */
    for (;;) {
    }
}

/* the library needs memcpy/memset; so may the compiler */
void *memcpy(void *d, const void *s, size_t n) {
    uint8_t *a = d;
    const uint8_t *b = s;
    while (n--) *a++ = *b++;
    return d;
}
void *memset(void *d, int c, size_t n) {
    uint8_t *a = d;
    while (n--) *a++ = (uint8_t)c;
    return d;
}

#define SYST_CSR (*(volatile uint32_t *)0xE000E010)
#define SYST_RVR (*(volatile uint32_t *)0xE000E014)
#define SYST_CVR (*(volatile uint32_t *)0xE000E018)
static volatile uint32_t systick_wraps;
void systick_handler(void) { systick_wraps++; }

static uint64_t ticks(void) {
    uint32_t w, v;
    do {
        w = systick_wraps;
        v = SYST_CVR;
    } while (w != systick_wraps);
    return (uint64_t)w * 0x1000000u + (0xFFFFFFu - v);
}

/* ---- output */
static void puts_(const char *s) { semihost(0x04, s); }
static void putu(uint64_t v) {
    char b[24];
    int i = 23;
    b[i] = 0;
    do {
        b[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    puts_(b + i);
}

static uint64_t work[(ZKV_FW_WORK_BYTES + 7) / 8];
static uint8_t proof_copy[sizeof fw_proof];
static uint8_t pub_copy[sizeof fw_public > 0 ? sizeof fw_public : 1];

#define PAINT 0xA5u
/* paints the free stack below the current frame; returns the painted floor */
__attribute__((noinline)) static void paint_stack(void) {
    uintptr_t sp;
    __asm__ volatile("mov %0, sp" : "=r"(sp));
    for (uint8_t *p = (uint8_t *)&_sstack; (uintptr_t)p < sp - 64; p++) *p = PAINT;
}
static uint32_t stack_used(void) {
    const uint8_t *p = (const uint8_t *)&_sstack;
    while (p < (const uint8_t *)&_estack && *p == PAINT) p++;
    return (uint32_t)((const uint8_t *)&_estack - p);
}

static zkv_status run(const zkv_vk *vk, const uint8_t *proof, const uint8_t *pub, const char *name) {
    paint_stack();
    uint64_t t0 = ticks();
    zkv_status st = zkv_verify(vk, proof, sizeof fw_proof, (const uint8_t(*)[32])pub, ZKV_FW_N_PUBLIC, work, sizeof work);
    uint64_t t1 = ticks();
    puts_(name);
    puts_(": ");
    puts_(st == ZKV_OK ? "accept" : st == ZKV_REJECT ? "reject" : zkv_status_str(st));
    puts_(", instructions ~");
    putu((t1 - t0) * 40);
    puts_(", stack high-water (whole program) ");
    putu(stack_used());
    puts_(" bytes\n");
    return st;
}

int main(void) {
    SYST_RVR = 0xFFFFFF;
    SYST_CVR = 0;
    SYST_CSR = 7; /* processor clock, interrupt, enable */
    while (SYST_CVR == 0) {
    } /* first reload */
    zkv_vk vk;
    uint64_t t0 = ticks();
    zkv_status st = zkv_vk_parse(&vk, fw_vk, sizeof fw_vk);
    uint64_t t1 = ticks();
    puts_("vk parse: ");
    puts_(zkv_status_str(st));
    puts_(", instructions ~");
    putu((t1 - t0) * 40);
    puts_("\nworkspace bytes ");
    putu(zkv_workspace_size(&vk));
    puts_("\n");
    if (st != ZKV_OK || zkv_workspace_size(&vk) > sizeof work) return 1;
    memcpy(proof_copy, fw_proof, sizeof fw_proof);
    memcpy(pub_copy, fw_public, sizeof fw_public);
    zkv_status a = run(&vk, proof_copy, pub_copy, "valid proof");
    proof_copy[sizeof fw_proof / 2] ^= 0x10; /* an evaluation or commitment byte */
    zkv_status b = run(&vk, proof_copy, pub_copy, "corrupted proof");
    proof_copy[sizeof fw_proof / 2] ^= 0x10;
    pub_copy[31] ^= 1;
    zkv_status c = run(&vk, proof_copy, pub_copy, "changed public input");
    int ok = a == ZKV_OK && b != ZKV_OK && c == ZKV_REJECT;
    puts_(ok ? "firmware: PASS\n" : "firmware: FAIL\n");
    return ok ? 0 : 1;
}
