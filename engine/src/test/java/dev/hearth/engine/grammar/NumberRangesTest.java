package dev.hearth.engine.grammar;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The digit-range grammars accept exactly the numbers within their bounds (checked through an equivalent regex). */
class NumberRangesTest {

    /** NumberRanges emits only classes, quoted "-" and ".", groups, alternation and counted repetition. */
    private static Pattern regex(String gbnf) {
        return Pattern.compile(gbnf.replace("\"-\"", "-").replace("\".\"", "\\.").replace(" ", ""));
    }

    @Test
    void integersWithinRandomBounds() {
        Random random = new Random(7);
        for (int round = 0; round < 300; round++) {
            long lo = random.nextInt(4000) - 2000;
            long hi = lo + random.nextInt(round % 3 == 0 ? 20 : 3000);
            Pattern pattern = regex(NumberRanges.integer(BigDecimal.valueOf(lo), BigDecimal.valueOf(hi)));
            for (long n = lo - 50; n <= hi + 50; n++) {
                assertEquals(n >= lo && n <= hi, pattern.matcher(Long.toString(n)).matches(), "[" + lo + "," + hi + "] " + n);
            }
            assertEquals(false, pattern.matcher("0" + Math.abs(lo)).matches() && Math.abs(lo) != 0, "leading zero " + lo);
        }
    }

    @Test
    void openBoundsReachSixteenDigits() {
        Pattern atLeast = regex(NumberRanges.integer(BigDecimal.valueOf(123456), null));
        assertEquals(true, atLeast.matcher("9999999999999999").matches());
        assertEquals(true, atLeast.matcher("123456").matches());
        assertEquals(false, atLeast.matcher("123455").matches());
        assertEquals(false, atLeast.matcher("-5").matches());
        Pattern atMost = regex(NumberRanges.integer(null, BigDecimal.valueOf(-100)));
        assertEquals(true, atMost.matcher("-100").matches());
        assertEquals(true, atMost.matcher("-9999999999999999").matches());
        assertEquals(false, atMost.matcher("-99").matches());
        assertEquals(false, atMost.matcher("0").matches());
    }

    @Test
    void decimalsWithinIntegerBounds() {
        String[] samples = {"0", "-0", "0.5", "-0.5", "1", "1.0", "1.25", "-1", "-1.5", "2", "2.0", "2.5", "3", "9.99", "10", "10.01",
            "-10", "-10.5", "0.000", "0.001", "-0.001", "5", "4.999"};
        long[][] bounds = {{0, 1}, {-1, 1}, {-10, 10}, {2, 5}, {-5, -2}, {0, 0}};
        for (long[] b : bounds) {
            for (boolean loEx : new boolean[] {false, true}) {
                for (boolean hiEx : new boolean[] {false, true}) {
                    if (b[0] == b[1] && (loEx || hiEx)) {
                        continue;
                    }
                    Pattern pattern = regex(NumberRanges.number(BigDecimal.valueOf(b[0]), loEx, BigDecimal.valueOf(b[1]), hiEx));
                    for (String sample : samples) {
                        BigDecimal v = new BigDecimal(sample);
                        boolean inside = (loEx ? v.compareTo(BigDecimal.valueOf(b[0])) > 0 : v.compareTo(BigDecimal.valueOf(b[0])) >= 0)
                                && (hiEx ? v.compareTo(BigDecimal.valueOf(b[1])) < 0 : v.compareTo(BigDecimal.valueOf(b[1])) <= 0);
                        if (pattern.matcher(sample).matches()) {
                            assertEquals(true, inside, "bounds " + b[0] + (loEx ? "(ex)" : "") + ".." + b[1] + (hiEx ? "(ex)" : "") + " accepted " + sample);
                        }
                    }
                    // a few values inside must be producible
                    BigDecimal mid = BigDecimal.valueOf(b[0] + b[1]).divide(BigDecimal.valueOf(2));
                    if (b[1] - b[0] >= 2 || (!loEx && !hiEx)) {
                        String text = mid.stripTrailingZeros().toPlainString();
                        assertEquals(true, pattern.matcher(text).matches() || pattern.matcher("-" + text.replace("-", "")).matches()
                                || b[0] == b[1], "bounds " + b[0] + ".." + b[1] + " reject midpoint " + text);
                    }
                }
            }
        }
    }

    @Test
    void oneSidedDecimals() {
        Pattern positive = regex(NumberRanges.number(BigDecimal.ZERO, true, null, false));
        assertEquals(true, positive.matcher("0.1").matches());
        assertEquals(true, positive.matcher("12").matches());
        assertEquals(false, positive.matcher("0").matches());
        assertEquals(false, positive.matcher("0.000").matches());
        assertEquals(false, positive.matcher("-1").matches());
        Pattern negative = regex(NumberRanges.number(null, false, BigDecimal.ZERO, true));
        assertEquals(true, negative.matcher("-0.5").matches());
        assertEquals(false, negative.matcher("-0").matches());
        assertEquals(false, negative.matcher("0").matches());
        assertEquals(false, negative.matcher("1").matches());
    }
}
