package dev.hearth.server.resource;

/** How a filterable field is stored: strings and enums as TEXT, ints as BIGINT, timestamps as BIGINT epoch microseconds. */
public enum FieldType {
    STRING,
    ENUM,
    INT,
    BOOL,
    TIMESTAMP
}
