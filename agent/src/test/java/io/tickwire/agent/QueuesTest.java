package io.tickwire.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class QueuesTest {

    @Test
    void spscKeepsOrderAcrossThreadsAndRefusesWhenFull() throws Exception {
        SpscQueue<Long> queue = new SpscQueue<>(64);
        assertThat(queue.capacity()).isEqualTo(64);
        long n = 1_000_000;
        Thread producer = new Thread(() -> {
            for (long i = 0; i < n; i++) {
                while (!queue.offer(i)) {
                    Thread.onSpinWait();
                }
            }
        });
        producer.start();
        List<Long> out = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (out.size() < n && System.nanoTime() < deadline) {
            if (out.size() % 3 == 0) {
                Long one = queue.poll();
                if (one != null) {
                    out.add(one);
                }
            } else {
                queue.drain(out::add, 7);
            }
        }
        producer.join();
        assertThat(out).hasSize((int) n);
        for (int i = 0; i < n; i++) {
            assertThat(out.get(i)).isEqualTo(i);
        }
        for (int i = 0; i < 64; i++) {
            assertThat(queue.offer((long) i)).isTrue();
        }
        assertThat(queue.offer(64L)).isFalse();
        assertThat(queue.size()).isEqualTo(64);
        assertThat(queue.peek()).isEqualTo(0L);
        assertThat(queue.drain(x -> { })).isEqualTo(64);
        assertThat(queue.isEmpty()).isTrue();
        assertThat(queue.poll()).isNull();
        assertThatThrownBy(() -> new SpscQueue<>(3)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void mpscTakesEveryOfferOnceInEachProducersOrder() throws Exception {
        MpscQueue<long[]> queue = new MpscQueue<>(128);
        int producers = 3;
        int each = 200_000;
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            long id = p;
            Thread t = new Thread(() -> {
                for (long i = 0; i < each; i++) {
                    while (!queue.offer(new long[] {id, i})) {
                        Thread.onSpinWait();
                    }
                }
            });
            threads.add(t);
            t.start();
        }
        long[] next = new long[producers];
        int taken = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (taken < producers * each && System.nanoTime() < deadline) {
            long[] e = queue.poll();
            if (e == null) {
                continue;
            }
            assertThat(e[1]).isEqualTo(next[(int) e[0]]);
            next[(int) e[0]]++;
            taken++;
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(taken).isEqualTo(producers * each);
        assertThat(queue.isEmpty()).isTrue();
        assertThat(queue.size()).isZero();
        for (int i = 0; i < 128; i++) {
            assertThat(queue.offer(new long[0])).isTrue();
        }
        assertThat(queue.offer(new long[0])).isFalse();
        assertThat(queue.size()).isEqualTo(128);
    }
}
