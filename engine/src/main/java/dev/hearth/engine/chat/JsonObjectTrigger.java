package dev.hearth.engine.chat;

/** A bare JSON call object, {@code {"name": …}}, as Llama 3.x writes calls without any marker. */
final class JsonObjectTrigger implements Trigger {

    private static final String KEY = "\"name\"";

    @Override
    public int find(String text, int from) {
        for (int at = text.indexOf('{', from); at >= 0; at = text.indexOf('{', at + 1)) {
            int key = Scan.skipWhitespace(text, at + 1);
            if (text.startsWith(KEY, key)) {
                return at;
            }
        }
        return -1;
    }

    @Override
    public boolean couldStartAt(String text, int pos) {
        if (text.charAt(pos) != '{') {
            return false;
        }
        int key = Scan.skipWhitespace(text, pos + 1);
        return Scan.expect(text, key, KEY) == Scan.INCOMPLETE || key == text.length();
    }
}
