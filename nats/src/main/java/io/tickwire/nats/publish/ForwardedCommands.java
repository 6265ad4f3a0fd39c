package io.tickwire.nats.publish;

import io.tickwire.engine.command.Command;

/**
 * Which engine commands the core takes from {@code STREAM.commands}: what a gateway node may
 * forward for a client it authenticated, and nothing else. A gateway turns a client's order and
 * session messages into engine commands, and ends a connection's orders with
 * {@link Command.CancelDisconnected}; it has no business crediting accounts or driving the
 * engine's clock. So a deposit, a withdrawal, a tick or a switch firing that arrives over NATS
 * was forged by whoever reached the subject, and is refused whatever the subject permissions say.
 * The switch is checked by the compiler: a new command type must be placed on one side.
 */
final class ForwardedCommands {

    private ForwardedCommands() {
    }

    /** Whether a gateway node may forward {@code command} to the core. */
    static boolean permitted(Command command) {
        return switch (command) {
            case Command.Place place -> true;
            case Command.Cancel cancel -> true;
            case Command.Amend amend -> true;
            case Command.CancelAll cancelAll -> true;
            case Command.PlaceBatch batch -> true;
            case Command.CancelAllAfter arm -> true;
            case Command.CancelDisconnected disconnected -> true;
            // Admin operations are served by the core's own REST API, with a token it verifies.
            case Command.Deposit deposit -> false;
            case Command.Withdraw withdraw -> false;
            // The core's own timers submit these; one from outside would move the engine's clock.
            case Command.FireCancelAllAfter fire -> false;
            case Command.Tick tick -> false;
        };
    }

    /** The command's name as a log line shows it. */
    static String name(Command command) {
        return command.getClass().getSimpleName();
    }
}
