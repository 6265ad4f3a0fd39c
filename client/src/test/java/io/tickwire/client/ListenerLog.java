package io.tickwire.client;

import io.tickwire.client.order.CommandEvent;
import io.tickwire.client.order.TrackedCommand;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link TickwireListener} that keeps what it heard, in order, for a test to look at. */
class ListenerLog implements TickwireListener {
    /** Every session event. */
    final List<SessionEvent> session = new CopyOnWriteArrayList<>();
    /** Every state the connection changed to. */
    final List<ConnectionStatus> states = new CopyOnWriteArrayList<>();
    /** Every command event, with its command. */
    final List<Heard> commands = new CopyOnWriteArrayList<>();

    /** One command event and the command it is about. */
    record Heard(TrackedCommand command, CommandEvent event) {
    }

    @Override
    public void onStateChange(ConnectionStatus state, ConnectionStatus previous) {
        states.add(state);
    }

    @Override
    public void onSessionEvent(SessionEvent event) {
        session.add(event);
    }

    @Override
    public void onCommandEvent(TrackedCommand command, CommandEvent event) {
        commands.add(new Heard(command, event));
    }
}
