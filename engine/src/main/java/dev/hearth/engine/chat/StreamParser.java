package dev.hearth.engine.chat;

import java.util.List;

/** Turns streamed text into deltas; the deltas of a whole stream add up to what the one-shot parse gives. */
public interface StreamParser {

    /** Takes the next piece of generated text and returns whatever can be told for certain now. */
    List<Delta> accept(String textDelta);

    /** Ends the stream and returns everything that was held back. */
    List<Delta> finish();
}
