package dev.hearth.firectl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

class ExpireTimeConverterTest {
    @ParameterizedTest
    @CsvSource({
        "2025-12-31 23:59:59, 2025-12-31T23:59:59Z",
        "2025-12-31,          2025-12-31T00:00:00Z",
        "2024-02-29 00:00:01, 2024-02-29T00:00:01Z"})
    void readsTheDocumentedFormatsAsUtc(String input, String expected) {
        Instant parsed = ExpireTimeConverter.parse(input);

        assertEquals(expected, parsed.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"2025-13-01", "2025-02-30", "2023-02-29", "2025-12-31T23:59:59Z", "2025-12-31 24:00:00",
        "31/12/2025", "tomorrow", ""})
    void rejectsAnythingElse(String input) {
        TypeConversionException error = assertThrows(TypeConversionException.class, () -> ExpireTimeConverter.parse(input));

        assertEquals("\"" + input + "\" is not a time in YYYY-MM-DD[ HH:MM:SS] format (UTC)", error.getMessage());
    }
}
