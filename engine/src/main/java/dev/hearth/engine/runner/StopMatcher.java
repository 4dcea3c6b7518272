package dev.hearth.engine.runner;

import java.util.List;

/**
 * Finds stop strings in generated text even when they span tokens. Text that could be the start of a
 * stop string is held back until it is clear either way; the stop string itself is never returned.
 */
final class StopMatcher {
    private final List<String> stops;
    private final StringBuilder held = new StringBuilder();
    private boolean stopped;

    StopMatcher(List<String> stops) {
        this.stops = stops;
    }

    /** Adds generated text and returns what may be sent to the client now. */
    String push(String text) {
        if (stopped) {
            return "";
        }
        held.append(text);
        if (stops.isEmpty()) {
            return drain(held.length());
        }
        int earliest = -1;
        for (String stop : stops) {
            int at = held.indexOf(stop);
            if (at >= 0 && (earliest < 0 || at < earliest)) {
                earliest = at;
            }
        }
        if (earliest >= 0) {
            stopped = true;
            String out = held.substring(0, earliest);
            held.setLength(0);
            return out;
        }
        return drain(held.length() - longestPartialStop());
    }

    boolean stopped() {
        return stopped;
    }

    /** The held-back text, for when generation ends without a stop string. */
    String flush() {
        return drain(held.length());
    }

    private int longestPartialStop() {
        int longest = 0;
        String text = held.toString();
        for (String stop : stops) {
            for (int k = Math.min(stop.length() - 1, text.length()); k > longest; k--) {
                if (text.regionMatches(text.length() - k, stop, 0, k)) {
                    longest = k;
                    break;
                }
            }
        }
        return longest;
    }

    private String drain(int count) {
        String out = held.substring(0, count);
        held.delete(0, count);
        return out;
    }
}
