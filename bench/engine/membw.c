/*
 * Multi-threaded memory read bandwidth, for the decode ceiling in bench/engine/run.
 *
 *   cc -O3 -march=native -pthread -o membw membw.c && ./membw THREADS [MIB] [ROUNDS]
 *
 * Allocates MIB (default 1024) MiB, far larger than any last-level cache, lets every thread first-touch
 * its own slice, then in each round all threads start together at a barrier and sum their slice of
 * 64-bit words (vectorised by the compiler). Bandwidth = bytes read / wall time of the round; the best
 * of ROUNDS (default 10) is printed as "GB/s <value>" (1 GB = 1e9 bytes), like decode, which also
 * streams every weight once per token.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static uint64_t *buf;
static size_t words_per_thread;
static int rounds;
static pthread_barrier_t start_barrier, end_barrier;
static volatile uint64_t sink;

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static uint64_t sum(const uint64_t *p, size_t n) {
    uint64_t a = 0, b = 0, c = 0, d = 0;
    for (size_t i = 0; i + 4 <= n; i += 4) {
        a += p[i];
        b += p[i + 1];
        c += p[i + 2];
        d += p[i + 3];
    }
    return a + b + c + d;
}

static void *worker(void *arg) {
    size_t id = (size_t) arg;
    uint64_t *mine = buf + id * words_per_thread;
    memset(mine, (int) (id + 1), words_per_thread * sizeof(uint64_t));   /* first touch: local pages */
    uint64_t acc = 0;
    for (int r = 0; r < rounds; r++) {
        pthread_barrier_wait(&start_barrier);
        acc += sum(mine, words_per_thread);
        pthread_barrier_wait(&end_barrier);
    }
    sink += acc;
    return NULL;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: %s THREADS [MIB] [ROUNDS]\n", argv[0]);
        return 2;
    }
    int threads = atoi(argv[1]);
    size_t mib = argc > 2 ? (size_t) atol(argv[2]) : 1024;
    rounds = argc > 3 ? atoi(argv[3]) : 10;
    if (threads < 1 || mib < 1 || rounds < 1) {
        fprintf(stderr, "membw: bad arguments\n");
        return 2;
    }
    words_per_thread = (mib << 20) / sizeof(uint64_t) / threads / 4 * 4;
    size_t bytes = words_per_thread * sizeof(uint64_t) * threads;
    if (posix_memalign((void **) &buf, 4096, bytes) != 0) {
        fprintf(stderr, "membw: cannot allocate %zu bytes\n", bytes);
        return 1;
    }
    pthread_barrier_init(&start_barrier, NULL, threads + 1);
    pthread_barrier_init(&end_barrier, NULL, threads + 1);
    pthread_t *tids = calloc(threads, sizeof(pthread_t));
    for (int t = 0; t < threads; t++) {
        pthread_create(&tids[t], NULL, worker, (void *) (size_t) t);
    }
    double best = 0;
    for (int r = 0; r < rounds; r++) {
        pthread_barrier_wait(&start_barrier);
        double t0 = now();
        pthread_barrier_wait(&end_barrier);
        double gbs = bytes / (now() - t0) / 1e9;
        fprintf(stderr, "membw: round %d: %.2f GB/s\n", r + 1, gbs);
        if (gbs > best) {
            best = gbs;
        }
    }
    for (int t = 0; t < threads; t++) {
        pthread_join(tids[t], NULL);
    }
    printf("GB/s %.2f\n", best);
    return 0;
}
