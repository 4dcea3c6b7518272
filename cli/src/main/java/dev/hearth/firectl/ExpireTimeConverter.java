package dev.hearth.firectl;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --expire-time} in the docs' {@code YYYY-MM-DD[ HH:MM:SS]} format, read as UTC. */
final class ExpireTimeConverter implements ITypeConverter<Instant> {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd").withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss")
            .withResolverStyle(ResolverStyle.STRICT);

    @Override
    public Instant convert(String value) {
        return parse(value);
    }

    static Instant parse(String value) {
        String text = value.strip();
        try {
            if (text.length() == "YYYY-MM-DD".length()) {
                return LocalDate.parse(text, DATE).atStartOfDay().toInstant(ZoneOffset.UTC);
            }
            return LocalDateTime.parse(text, DATE_TIME).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new TypeConversionException("\"" + value + "\" is not a time in YYYY-MM-DD[ HH:MM:SS] format (UTC)");
        }
    }
}
