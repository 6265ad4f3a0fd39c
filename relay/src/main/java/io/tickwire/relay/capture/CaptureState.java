package io.tickwire.relay.capture;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tickwire.journal.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a capture's next epoch needs from the last: the topics it knew (each gets {@code feed.gap})
 * and when the last frame arrived. Kept beside the epoch's journal in {@code capture-state.json},
 * rewritten whole (write, then rename) at most once a second, and at every epoch change and stop:
 * after a {@code kill -9} it may be a second old, which only makes {@code last_message_at} early.
 *
 * @param topics        every topic seen so far, in order of first sight
 * @param lastMessageAt ms since the Unix epoch; 0 if none
 */
record CaptureState(List<String> topics, long lastMessageAt) {
    private static final Logger log = LoggerFactory.getLogger(CaptureState.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String FILE = "capture-state.json";

    CaptureState {
        topics = List.copyOf(topics);
    }

    /** The state in {@code epochDir}; none (no topics, no time) if it was never written or is unreadable. */
    static CaptureState read(Path epochDir) {
        Path file = epochDir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return new CaptureState(List.of(), 0);
        }
        try {
            CaptureState state = JSON.readValue(file.toFile(), CaptureState.class);
            return state.topics() == null ? new CaptureState(List.of(), state.lastMessageAt()) : state;
        } catch (IOException e) {
            log.warn("{} is unreadable ({}); the new epoch's topics get feed.gap as their frames come", file,
                    e.getMessage());
            return new CaptureState(List.of(), 0);
        }
    }

    static void write(Path epochDir, CaptureState state) {
        Path file = epochDir.resolve(FILE);
        try {
            AtomicFiles.replace(file, JSON.writeValueAsBytes(state));
        } catch (IOException e) {
            log.warn("cannot write {}: {}", file, e.getMessage());
        }
    }
}
