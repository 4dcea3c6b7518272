package dev.hearth.firectl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class GoDurationTest {
    @Test
    void parsesGoDurations() {
        assertEquals(Duration.ofMinutes(30), GoDuration.parse("30m"));
        assertEquals(Duration.ofMinutes(90), GoDuration.parse("1h30m"));
        assertEquals(Duration.ofMinutes(90), GoDuration.parse("1.5h"));
        assertEquals(Duration.ofHours(1), GoDuration.parse("1h0m0s"));
        assertEquals(Duration.ofMillis(1500), GoDuration.parse("1s500ms"));
        assertEquals(Duration.ofNanos(2_000), GoDuration.parse("2us"));
        assertEquals(Duration.ofNanos(2_000), GoDuration.parse("2µs"));
        assertEquals(Duration.ZERO, GoDuration.parse("0"));
    }

    @Test
    void refusesWhatGoRefuses() {
        for (String bad : new String[] {"", "30", "m", "1d", "1h 30m", "-5m", "soon", "1.2.3s"}) {
            assertThrows(TypeConversionException.class, () -> GoDuration.parse(bad), bad);
        }
    }

    @Test
    void formatsAsGoPrintsDurations() {
        assertEquals("1h0m0s", GoDuration.format(Duration.ofHours(1)));
        assertEquals("30m0s", GoDuration.format(Duration.ofMinutes(30)));
        assertEquals("5m0s", GoDuration.format(Duration.ofMinutes(5)));
        assertEquals("1h30m5s", GoDuration.format(Duration.ofSeconds(5400 + 5)));
        assertEquals("1.5s", GoDuration.format(Duration.ofMillis(1500)));
        assertEquals("500ms", GoDuration.format(Duration.ofMillis(500)));
        assertEquals("0s", GoDuration.format(Duration.ZERO));
    }
}
