package io.tickwire.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class AgentRunnerTest {

    /** Takes what a producer queues; parks for a minute when idle, so only a wake-up can move it on. */
    private static final class Taker implements Agent {
        final SpscQueue<Integer> queue = new SpscQueue<>(1024);
        final List<Integer> taken = new ArrayList<>();
        final AtomicReference<String> startedOn = new AtomicReference<>();
        final AtomicReference<String> closedOn = new AtomicReference<>();
        volatile int count;

        @Override
        public void onStart() {
            startedOn.set(Thread.currentThread().getName());
        }

        @Override
        public int doWork() {
            int n = queue.drain(taken::add);
            count += n;
            return n;
        }

        @Override
        public boolean hasWork() {
            return !queue.isEmpty();
        }

        @Override
        public void onClose() {
            doWork();
            closedOn.set(Thread.currentThread().getName());
        }

        @Override
        public String roleName() {
            return "test-taker";
        }
    }

    @Test
    void aWakeUpIsNeverLostAndCloseFinishesOnTheAgentsThread() throws Exception {
        Taker taker = new Taker();
        AgentRunner runner = new AgentRunner(taker, IdleStrategy.parking(Duration.ofMinutes(1)), e -> { })
                .start();
        for (int i = 0; i < 100_000; i++) {
            while (!taker.queue.offer(i)) {
                Thread.onSpinWait();
            }
            runner.wake();
        }
        // Every element is taken long before the idle park's minute: each wake-up arrived.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (taker.count < 100_000 && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertThat(taker.count).isEqualTo(100_000);
        runner.close();
        assertThat(runner.isAlive()).isFalse();
        assertThat(taker.startedOn.get()).isEqualTo("tickwire-test-taker");
        assertThat(taker.closedOn.get()).isEqualTo("tickwire-test-taker");
        assertThat(taker.taken).isSorted().hasSize(100_000);
        assertThat(runner.failure()).isNull();
    }

    @Test
    void whatTheAgentThrowsGoesToTheHandlerOnceAndStopsIt() throws Exception {
        CountDownLatch told = new CountDownLatch(1);
        AtomicReference<Throwable> seen = new AtomicReference<>();
        IllegalStateException boom = new IllegalStateException("boom");
        Agent failing = new Agent() {
            @Override
            public int doWork() {
                throw boom;
            }

            @Override
            public String roleName() {
                return "test-failing";
            }
        };
        AgentRunner runner = new AgentRunner(failing, IdleStrategy.none(), e -> {
            seen.set(e);
            told.countDown();
        }).start();
        assertThat(told.await(30, TimeUnit.SECONDS)).isTrue();
        runner.close();
        assertThat(seen.get()).isSameAs(boom);
        assertThat(runner.failure()).isSameAs(boom);
        assertThat(runner.isRunning()).isFalse();
        assertThat(runner.isAlive()).isFalse();
    }

    @Test
    void closeWaitsOnlyForItsBoundAndNeverInterrupts() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<Boolean> interrupted = new AtomicReference<>();
        Agent stuck = new Agent() {
            @Override
            public int doWork() throws InterruptedException {
                entered.countDown();
                release.await();
                interrupted.set(Thread.currentThread().isInterrupted());
                return 1;
            }

            @Override
            public String roleName() {
                return "test-stuck";
            }
        };
        AgentRunner runner = new AgentRunner(stuck, IdleStrategy.none(), e -> { })
                .closeBound(Duration.ofMillis(50)).start();
        assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();
        runner.close();
        assertThat(runner.isAlive()).as("left running past the bound").isTrue();
        release.countDown();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (runner.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertThat(runner.isAlive()).isFalse();
        assertThat(interrupted.get()).isFalse();
        assertThat(runner.failure()).isNull();
    }

    @Test
    void aDaemonUnlessToldAndCloseBeforeStartOnlyStops() {
        Taker taker = new Taker();
        AgentRunner runner = new AgentRunner(taker, IdleStrategy.none(), e -> { });
        runner.close();
        assertThat(runner.isRunning()).isFalse();
        assertThat(runner.isStarted()).isFalse();
        assertThat(AgentThreads.factory("test-pool", e -> { }).newThread(() -> { }).getName())
                .isEqualTo("tickwire-test-pool");
    }
}
