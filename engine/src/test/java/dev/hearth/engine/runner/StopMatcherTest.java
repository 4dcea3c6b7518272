package dev.hearth.engine.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class StopMatcherTest {

    @Test
    void stopSpanningTokensIsFoundAndNotReturned() {
        StopMatcher matcher = new StopMatcher(List.of("END"));
        assertEquals("hello ", matcher.push("hello E"));
        assertEquals("", matcher.push("N"));
        assertEquals("", matcher.push("D and more"));
        assertTrue(matcher.stopped());
    }

    @Test
    void aFalseStartIsReleased() {
        StopMatcher matcher = new StopMatcher(List.of("END"));
        assertEquals("a", matcher.push("aE"));
        assertEquals("ENx", matcher.push("Nx"));
        assertFalse(matcher.stopped());
        assertEquals("", matcher.push("E"), "a possible start is held");
        assertEquals("E", matcher.flush());
    }

    @Test
    void theEarliestOfSeveralStopsWins() {
        StopMatcher matcher = new StopMatcher(List.of("world", "lo"));
        assertEquals("hel", matcher.push("hello world"));
    }

    @Test
    void withoutStopsEverythingPasses() {
        StopMatcher matcher = new StopMatcher(List.of());
        assertEquals("abc", matcher.push("abc"));
        assertEquals("", matcher.flush());
    }

    @Test
    void utf8CharactersSplitAcrossTokensAreHeld() {
        byte[] bytes = "é🦙x".getBytes(StandardCharsets.UTF_8); // 2 + 4 + 1 bytes
        Utf8Accumulator utf8 = new Utf8Accumulator();
        assertEquals("", utf8.append(Arrays.copyOfRange(bytes, 0, 1)));
        assertEquals("é", utf8.append(Arrays.copyOfRange(bytes, 1, 3)));
        assertEquals("", utf8.append(Arrays.copyOfRange(bytes, 3, 5)));
        assertEquals("🦙x", utf8.append(Arrays.copyOfRange(bytes, 5, 7)));
        assertEquals("", utf8.append(Arrays.copyOfRange(bytes, 2, 3)));
        assertEquals("\uFFFD", utf8.flush());
    }
}
