package io.tickwire.server.hub;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.journal.Durability;
import io.tickwire.codec.JsonCodec;
import io.tickwire.protocol.message.ServerMessage;
import io.tickwire.protocol.message.Topic;
import io.tickwire.server.auth.Principal;
import io.tickwire.server.core.CoreConfig;
import io.tickwire.server.core.TradingCore;
import io.tickwire.server.demo.DemoVenue;
import io.tickwire.server.metrics.ServerMetrics;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A request whose task fails on the hub thread is still answered, with its id: no client waits in vain. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HubRequestsTest {

    @TempDir
    Path dir;

    /** A session whose principal cannot be read: any task that asks for it fails. */
    static final class BrokenSession implements Session {
        final BlockingQueue<ServerMessage> sent = new LinkedBlockingQueue<>();

        @Override
        public long id() {
            return 42;
        }

        @Override
        public Principal principal() {
            throw new IllegalStateException("broken on purpose");
        }

        @Override
        public void send(byte[] frame) {
        }

        @Override
        public void send(ServerMessage message) {
            sent.add(message);
        }

        @Override
        public boolean isOpen() {
            return true;
        }
    }

    @Test
    void aFailingSubscribeOrUnsubscribeIsAnsweredWithItsId() throws Exception {
        CoreConfig config = CoreConfig.defaults(dir);
        config = config.withJournal(config.journal().withDurability(Durability.NONE));
        Hub hub = new Hub(new JsonCodec(), new ServerMetrics());
        try (TradingCore core = TradingCore.open(config, DemoVenue.markets(), hub)) {
            hub.start(core);
            BrokenSession session = new BrokenSession();
            hub.subscribe(session, 7L, Topic.account(), null);
            hub.unsubscribe(session, 8L, Topic.account());
            for (long id : new long[] {7, 8}) {
                ServerMessage answer = session.sent.poll(10, TimeUnit.SECONDS);
                assertThat(answer).isInstanceOf(ServerMessage.ErrorMessage.class);
                ServerMessage.ErrorMessage error = (ServerMessage.ErrorMessage) answer;
                assertThat(error.id()).isEqualTo(id);
                assertThat(error.code()).isEqualTo("internal");
            }
        } finally {
            hub.close();
        }
    }
}
