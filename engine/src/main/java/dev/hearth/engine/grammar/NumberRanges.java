package dev.hearth.engine.grammar;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** Exact digit-by-digit GBNF for integers and plain decimals within bounds, up to 16 integer digits. */
final class NumberRanges {
    static final BigDecimal CAP = new BigDecimal("9999999999999999");
    private static final String FRACTION = "(\".\" [0-9]{1,16})?";
    private static final String NONZERO_FRACTION = "\".\" [0-9]{0,15} [1-9]";

    private NumberRanges() {
    }

    /** Integers in [lo, hi]; a null bound is open. */
    static String integer(BigDecimal lo, BigDecimal hi) {
        BigDecimal low = lo == null ? CAP.negate() : lo;
        BigDecimal high = hi == null ? CAP : hi;
        if (low.compareTo(CAP) > 0 || high.compareTo(CAP.negate()) < 0) {
            throw new IllegalArgumentException("bounds beyond 16 digits cannot be enforced by the grammar");
        }
        low = low.max(CAP.negate());
        high = high.min(CAP);
        if (low.compareTo(high) > 0) {
            throw new IllegalArgumentException("no integer satisfies the bounds");
        }
        List<String> alternatives = new ArrayList<>();
        if (high.signum() >= 0) {
            alternatives.add(natural(low.max(BigDecimal.ZERO).longValueExact(), high.longValueExact()));
        }
        if (low.signum() < 0) {
            alternatives.add("\"-\" " + natural(Math.max(1, high.negate().longValueExact()), low.negate().longValueExact()));
        }
        return String.join(" | ", alternatives);
    }

    /** Plain decimals (no exponent) v with lo ≤ v ≤ hi (or strict); the bounds are integers; null is open. */
    static String number(BigDecimal lo, boolean loExclusive, BigDecimal hi, boolean hiExclusive) {
        List<String> alternatives = new ArrayList<>();
        boolean lowNegative = lo == null || lo.signum() < 0;
        String positive = lowNegative
                ? magnitude(BigDecimal.ZERO, false, hi, hiExclusive)
                : magnitude(lo, loExclusive, hi, hiExclusive);
        if (positive != null) {
            alternatives.add(positive);
        }
        if (lowNegative) {
            BigDecimal from = hi == null || hi.signum() >= 0 ? BigDecimal.ZERO : hi.negate();
            boolean fromExclusive = hi != null && hi.signum() <= 0 && hiExclusive;
            String negative = magnitude(from, fromExclusive, lo == null ? null : lo.negate(), loExclusive);
            if (negative != null) {
                alternatives.add("\"-\" (" + negative + ")");
            }
        }
        if (alternatives.isEmpty()) {
            throw new IllegalArgumentException("no number satisfies the bounds");
        }
        return String.join(" | ", alternatives);
    }

    /** Non-negative plain decimals m with a ≤ m ≤ b (or strict); b null is open; null when none. */
    private static String magnitude(BigDecimal a, boolean aExclusive, BigDecimal b, boolean bExclusive) {
        if (a.compareTo(CAP) > 0) {
            throw new IllegalArgumentException("bounds beyond 16 digits cannot be enforced by the grammar");
        }
        BigDecimal top = b == null ? null : b.min(CAP);
        boolean topExclusive = b != null && b.compareTo(CAP) <= 0 && bExclusive;
        if (top != null && (top.compareTo(a) < 0 || (top.compareTo(a) == 0 && (aExclusive || topExclusive)))) {
            return null;
        }
        List<String> alternatives = new ArrayList<>();
        long start = a.longValueExact();
        if (aExclusive) {
            alternatives.add(natural(start, start) + " " + NONZERO_FRACTION);
            start++;
        }
        long fractionalEnd = top == null ? CAP.longValueExact() : top.longValueExact() - 1;
        if (start <= fractionalEnd) {
            alternatives.add("(" + natural(start, fractionalEnd) + ") " + FRACTION);
        }
        if (top != null && !topExclusive && top.longValueExact() >= start) {
            alternatives.add(natural(top.longValueExact(), top.longValueExact()));
        }
        return alternatives.isEmpty() ? null : String.join(" | ", alternatives);
    }

    /** Naturals in [a, b] written without leading zeros. */
    static String natural(long a, long b) {
        List<String> alternatives = new ArrayList<>();
        int digitsA = Long.toString(a).length();
        int digitsB = Long.toString(b).length();
        for (int d = digitsA; d <= digitsB; d++) {
            long from = d == digitsA ? a : pow10(d - 1);
            long to = d == digitsB ? b : pow10(d) - 1;
            alternatives.add(sameLength(Long.toString(from), Long.toString(to)));
        }
        return alternatives.size() == 1 ? alternatives.get(0) : "(" + String.join(" | ", alternatives) + ")";
    }

    private static long pow10(int exponent) {
        long value = 1;
        for (int i = 0; i < exponent; i++) {
            value *= 10;
        }
        return value;
    }

    /** Digit strings of one length between lo and hi inclusive. */
    private static String sameLength(String lo, String hi) {
        if (lo.isEmpty()) {
            return "";
        }
        char first = lo.charAt(0);
        char last = hi.charAt(0);
        String loRest = lo.substring(1);
        String hiRest = hi.substring(1);
        if (first == last) {
            return join("[" + first + "]", sameLength(loRest, hiRest));
        }
        List<String> alternatives = new ArrayList<>();
        boolean loRestZero = loRest.chars().allMatch(c -> c == '0');
        boolean hiRestNine = hiRest.chars().allMatch(c -> c == '9');
        char start = loRestZero ? first : (char) (first + 1);
        char end = hiRestNine ? last : (char) (last - 1);
        if (!loRestZero) {
            alternatives.add(join("[" + first + "]", sameLength(loRest, "9".repeat(loRest.length()))));
        }
        if (start <= end) {
            String digits = loRest.isEmpty() ? "" : loRest.length() == 1 ? "[0-9]" : "[0-9]{" + loRest.length() + "}";
            alternatives.add(join(start == end ? "[" + start + "]" : "[" + start + "-" + end + "]", digits));
        }
        if (!hiRestNine) {
            alternatives.add(join("[" + last + "]", sameLength("0".repeat(hiRest.length()), hiRest)));
        }
        return alternatives.size() == 1 ? alternatives.get(0) : "(" + String.join(" | ", alternatives) + ")";
    }

    private static String join(String a, String b) {
        return b.isEmpty() ? a : a + " " + b;
    }
}
