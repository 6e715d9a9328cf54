/* `make bench` driver: runs every registered BENCH (or those whose name contains
 * an argument), prints a table, and writes the figures to the JSON file named by
 * --json (default build/bench.json), merging with figures already there. */
#include "bench.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#define MAX_BENCH 256
#define MAX_FIG 512

static struct { const char *name; bench_fn fn; } benches[MAX_BENCH];
static size_t n_benches;
static struct { char key[64]; double v; } figs[MAX_FIG];
static size_t n_figs;

void bench_register(const char *name, bench_fn fn) {
    if (n_benches < MAX_BENCH) {
        benches[n_benches].name = name;
        benches[n_benches].fn = fn;
        n_benches++;
    }
}

double bench_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static uint64_t brng = 0x243f6a8885a308d3ULL;
void bench_rand_bytes(uint8_t *out, size_t n) {
    for (size_t i = 0; i < n; i++) {
        brng ^= brng << 13;
        brng ^= brng >> 7;
        brng ^= brng << 17;
        out[i] = (uint8_t)(brng >> 24);
    }
}

static void fig_set(const char *key, double v) {
    for (size_t i = 0; i < n_figs; i++)
        if (!strcmp(figs[i].key, key)) { figs[i].v = v; return; }
    if (n_figs < MAX_FIG) {
        snprintf(figs[n_figs].key, sizeof figs[n_figs].key, "%s", key);
        figs[n_figs].v = v;
        n_figs++;
    }
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double bench_time(const char *key, const char *label, void (*fn)(void *), void *arg,
                  unsigned per_run, unsigned runs, double scale) {
    double t[64];
    if (runs > 64) runs = 64;
    if (runs == 0) runs = 1;
    fn(arg); /* warm-up */
    for (unsigned i = 0; i < runs; i++) {
        double t0 = bench_now();
        fn(arg);
        t[i] = (bench_now() - t0) * scale / per_run;
    }
    qsort(t, runs, sizeof t[0], cmp_double);
    double med = t[runs / 2];
    printf("  %-44s %12.3f %12.3f %12.3f   %s\n", label, t[0], med, t[runs - 1], key);
    fflush(stdout);
    fig_set(key, med);
    return med;
}

void bench_record(const char *key, const char *label, double value) {
    printf("  %-44s %12s %12.3f %12s   %s\n", label, "", value, "", key);
    fflush(stdout);
    fig_set(key, value);
}

/* Loads an existing flat JSON object of numbers so figures of other runs survive. */
static void load_json(const char *path) {
    FILE *f = fopen(path, "r");
    if (!f) return;
    char key[64];
    double v;
    int c;
    while ((c = fgetc(f)) != EOF) {
        if (c != '"') continue;
        size_t k = 0;
        while ((c = fgetc(f)) != EOF && c != '"')
            if (k + 1 < sizeof key) key[k++] = (char)c;
        key[k] = 0;
        while ((c = fgetc(f)) != EOF && c != ':') {}
        if (fscanf(f, " %lf", &v) == 1) fig_set(key, v);
    }
    fclose(f);
}

static int write_json(const char *path) {
    char tmp[512];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    FILE *f = fopen(tmp, "w");
    if (!f) return -1;
    fprintf(f, "{\n");
    for (size_t i = 0; i < n_figs; i++)
        fprintf(f, "  \"%s\": %.6g%s\n", figs[i].key, figs[i].v, i + 1 < n_figs ? "," : "");
    fprintf(f, "}\n");
    if (fclose(f) != 0) return -1;
    return rename(tmp, path);
}

int main(int argc, char **argv) {
    const char *json = "build/bench.json";
    int any_filter = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--json") && i + 1 < argc) json = argv[++i];
        else if (!strcmp(argv[i], "--list")) {
            for (size_t k = 0; k < n_benches; k++) printf("%s\n", benches[k].name);
            return 0;
        } else any_filter = 1;
    }
    load_json(json);
    printf("  %-44s %12s %12s %12s   %s\n", "figure", "min", "median", "max", "key");
    for (size_t k = 0; k < n_benches; k++) {
        int sel = !any_filter;
        for (int i = 1; i < argc && !sel; i++) {
            if (!strcmp(argv[i], "--json")) { i++; continue; }
            if (strstr(benches[k].name, argv[i])) sel = 1;
        }
        if (sel) benches[k].fn();
    }
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    bench_record("bench_core_peak_rss_kib", "peak RSS of this bench run (KiB)", (double)ru.ru_maxrss);
    if (write_json(json) != 0) {
        fprintf(stderr, "bench: cannot write %s\n", json);
        return 1;
    }
    printf("figures written to %s\n", json);
    return 0;
}
