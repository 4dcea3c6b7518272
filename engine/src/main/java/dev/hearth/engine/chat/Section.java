package dev.hearth.engine.chat;

import java.util.List;

/** What a family's section reader made of the text at a trigger. */
sealed interface Section {

    /** A well-formed section holding {@code calls}, ending (exclusive) at {@code end}. */
    record Complete(List<RawCall> calls, int end) implements Section {}

    /** The text ends before the section could be told complete or malformed. */
    record Incomplete() implements Section {}

    /** Not a valid section, whatever follows: the trigger text stays content. */
    record Malformed() implements Section {}

    Section INCOMPLETE = new Incomplete();
    Section MALFORMED = new Malformed();
}
