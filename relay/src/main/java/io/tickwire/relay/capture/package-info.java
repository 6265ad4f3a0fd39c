/**
 * Capture of any JSON WebSocket feed: the capture file ({@link io.tickwire.relay.capture.CaptureConfig}),
 * the upstream connection with its backoff and heartbeat, the naming of each frame's topic, and
 * the recorder that journals every frame in its topic's next seq, with a new epoch and a
 * {@code feed.gap} at every reconnect and restart.
 */
package io.tickwire.relay.capture;
