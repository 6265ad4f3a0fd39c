/**
 * The {@code tickwire} command: {@code serve} (a server from a YAML file or the demo), {@code token} (secrets and
 * tokens of a data directory), {@code tail} (a stream to the terminal, through the SDK) and {@code bench} (the load
 * scenarios of docs/performance.md). Exit codes follow {@code sysexits.h}.
 */
package io.tickwire.cli;
