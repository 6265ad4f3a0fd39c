package io.tickwire.nats.publish;

import io.micrometer.core.instrument.MeterRegistry;
import io.tickwire.journal.CommittedBatch;
import io.tickwire.server.TestVenue;
import io.tickwire.server.config.JetStreamConfig;
import io.tickwire.server.auth.RevocationSet;
import io.tickwire.server.node.BatchTap;
import io.tickwire.server.core.CoreBatch;
import io.tickwire.server.core.TradingCore;
import io.tickwire.server.hub.Hub;
import io.tickwire.server.frontdoor.FrontDoorConfig;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The process {@link CorePublishCrashTest} kills: a core publishing to JetStream while it trades
 * as fast as it can. Prints {@code released N} for each durable batch and {@code acked N} as
 * JetStream acknowledges them.
 */
public final class CorePublishCrashChild {

    private CorePublishCrashChild() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false);
        JetStreamConfig config = JetStreamConfig.defaults(args[1], "TICKWIRE").withAckTimeout(Duration.ofSeconds(2));
        JetStreamPublisher publisher = new JetStreamPublisher(config);
        BatchTap released = new BatchTap() {
            @Override
            public void start(TradingCore core, Hub hub, RevocationSet revocations, MeterRegistry meters) {
            }

            @Override
            public void onDurable(CommittedBatch<CoreBatch> batch) {
                synchronized (out) {
                    out.println("released " + batch.number());
                    out.flush();
                }
            }

            @Override
            public void close() {
            }
        };
        TestVenue venue = new TestVenue(Path.of(args[0]), FrontDoorConfig.defaults(0), List.of(publisher, released));
        Thread.ofPlatform().daemon().start(() -> {
            long last = 0;
            while (true) {
                long acked = publisher.lastAcknowledged();
                if (acked != last) {
                    synchronized (out) {
                        out.println("acked " + acked);
                        out.flush();
                    }
                    last = acked;
                }
                Thread.onSpinWait();
            }
        });
        for (int i = 0; ; i++) {
            venue.trade(i);
        }
    }
}
