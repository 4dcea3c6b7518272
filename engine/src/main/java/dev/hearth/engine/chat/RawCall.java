package dev.hearth.engine.chat;

/** A call as found in the text, before it is given an id. */
record RawCall(String name, String argumentsJson) {}
