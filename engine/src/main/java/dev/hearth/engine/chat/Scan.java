package dev.hearth.engine.chat;

/** Small position helpers shared by the section readers; negative results say why a match failed. */
final class Scan {
    private Scan() {}

    /** The text ended before the expected thing could be told present or absent. */
    static final int INCOMPLETE = -1;
    /** The expected thing is not there. */
    static final int MISMATCH = -2;

    /** Position after {@code literal} at {@code pos}, or INCOMPLETE / MISMATCH. */
    static int expect(String text, int pos, String literal) {
        int available = text.length() - pos;
        if (available >= literal.length()) {
            return text.startsWith(literal, pos) ? pos + literal.length() : MISMATCH;
        }
        return literal.startsWith(text.substring(pos)) ? INCOMPLETE : MISMATCH;
    }

    static int skipWhitespace(String text, int pos) {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
        return pos;
    }

    static Section outcome(int code) {
        return code == INCOMPLETE ? Section.INCOMPLETE : Section.MALFORMED;
    }

    static boolean isName(String name) {
        return !name.isEmpty() && name.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.');
    }
}
