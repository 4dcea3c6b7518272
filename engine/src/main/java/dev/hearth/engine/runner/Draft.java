package dev.hearth.engine.runner;

/**
 * Speculative drafts taken from a predicted output: the prediction's tokens after the point the generation
 * has reached. When the output departs from the prediction, the draft picks up again where the last few
 * generated tokens occur in it (as prompt-lookup decoding does). The draft length grows while drafts are
 * accepted and shrinks when they are not, so a wrong prediction costs little.
 */
final class Draft {
    static final int MAX = 64;
    private static final int MIN = 4;
    private static final int CONTEXT = 3;

    private final int[] prediction;
    private final int[] recent = new int[CONTEXT];
    private int recentCount;
    private int cursor;
    private int size = 16;

    Draft(int[] prediction) {
        this.prediction = prediction;
    }

    /** Follows the generation by one accepted token. */
    void accepted(int token) {
        System.arraycopy(recent, 1, recent, 0, CONTEXT - 1);
        recent[CONTEXT - 1] = token;
        recentCount = Math.min(CONTEXT, recentCount + 1);
        if (cursor >= 0 && cursor < prediction.length && prediction[cursor] == token) {
            cursor++;
        } else {
            cursor = resync();
        }
    }

    /** Where the recent tokens occur in the prediction (the occurrence nearest after the old cursor), or -1. */
    private int resync() {
        int from = Math.max(0, cursor);
        int found = -1;
        for (int start = 0; start + recentCount <= prediction.length; start++) {
            if (matchesRecent(start)) {
                found = start + recentCount;
                if (start >= from) {
                    break;
                }
            }
        }
        return found;
    }

    private boolean matchesRecent(int start) {
        for (int i = 0; i < recentCount; i++) {
            if (prediction[start + i] != recent[CONTEXT - recentCount + i]) {
                return false;
            }
        }
        return true;
    }

    /** Copies up to {@code max} draft tokens into {@code out} and returns how many. */
    int next(int[] out, int max) {
        if (cursor < 0) {
            return 0;
        }
        int n = Math.min(Math.min(size, max), prediction.length - cursor);
        System.arraycopy(prediction, cursor, out, 0, Math.max(0, n));
        return Math.max(0, n);
    }

    void verified(int drafted, int accepted) {
        if (drafted == 0) {
            return;
        }
        size = accepted == drafted ? Math.min(MAX, size * 2) : Math.max(MIN, size / 2);
    }
}
