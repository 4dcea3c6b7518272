package dev.hearth.firectl;

/** The {@code -o/--output} formats. */
enum OutputFormat {
    text,
    json,
    flag
}
