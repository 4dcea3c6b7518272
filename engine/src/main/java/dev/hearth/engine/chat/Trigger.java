package dev.hearth.engine.chat;

/** Where a tool-call section can begin in model output. */
interface Trigger {

    /** Index of the first occurrence at or after {@code from}, or -1. */
    int find(String text, int from);

    /** Whether the text from {@code pos} to its end could be the beginning of an occurrence. */
    boolean couldStartAt(String text, int pos);

    /** A trigger that is a fixed piece of text. */
    static Trigger literal(String marker) {
        return new Trigger() {
            @Override
            public int find(String text, int from) {
                return text.indexOf(marker, from);
            }

            @Override
            public boolean couldStartAt(String text, int pos) {
                int length = text.length() - pos;
                return length < marker.length() && marker.regionMatches(0, text, pos, length);
            }

            @Override
            public String toString() {
                return marker;
            }
        };
    }
}
