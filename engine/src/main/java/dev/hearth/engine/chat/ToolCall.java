package dev.hearth.engine.chat;

import java.security.SecureRandom;

/** One tool call taken from model output; {@code argumentsJson} is compact JSON of an object. */
public record ToolCall(String id, String name, String argumentsJson) {

    private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** An OpenAI-style id: {@code call_} followed by 24 random alphanumerics. */
    public static String newId() {
        StringBuilder id = new StringBuilder("call_");
        for (int i = 0; i < 24; i++) {
            id.append(ALPHANUMERIC.charAt(RANDOM.nextInt(ALPHANUMERIC.length())));
        }
        return id.toString();
    }

    static ToolCall of(RawCall call) {
        return new ToolCall(newId(), call.name(), call.argumentsJson());
    }
}
