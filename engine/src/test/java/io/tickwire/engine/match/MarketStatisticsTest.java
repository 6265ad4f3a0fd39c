package io.tickwire.engine.match;

import static io.tickwire.protocol.message.Side.BUY;
import static io.tickwire.protocol.message.Side.SELL;
import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.engine.command.Command;
import io.tickwire.engine.stats.MarketStatistics;
import io.tickwire.protocol.message.CandleInterval;
import io.tickwire.protocol.message.EventPayload;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Tickers and candles from the engine's trades and books, by the engine's clock. */
class MarketStatisticsTest {

    Harness h;

    @BeforeEach
    void venue() {
        h = new Harness();
        for (long user = 1; user <= 2; user++) {
            h.deposit(user, "BTC", "10");
            h.deposit(user, "USDT", "1000000");
        }
        // Start on a minute boundary, so that which candle a trade falls in is plain.
        h.advance(60_000 - Math.floorMod(h.nextTs(), 60_000));
    }

    /** A resting sell and, a second later, the buy that takes it: the candles both commands reported. */
    private List<EventPayload.Candle> trade(String price, String qty) {
        h.limit(1, SELL, price, qty);
        List<EventPayload.Candle> candles = new ArrayList<>(h.last(EventPayload.Candle.class));
        h.advance(MarketStatistics.TICKER_EVERY_MS);
        h.limit(2, BUY, price, qty);
        candles.addAll(h.last(EventPayload.Candle.class));
        return candles;
    }

    @Test
    void aTradeOpensACandleOfEveryIntervalAndUpdatesTheTickerAtOnce() {
        long minute = h.nextTs();
        List<EventPayload.Candle> candles = trade("100.00", "1");
        assertThat(candles).extracting(c -> c.interval()).containsExactly(CandleInterval.values());
        EventPayload.Candle oneMinute = candles.get(0);
        assertThat(oneMinute.openTime()).isEqualTo(minute);
        assertThat(oneMinute.closeTime()).isEqualTo(minute + 59_999);
        assertThat(List.of(oneMinute.open(), oneMinute.high(), oneMinute.low(), oneMinute.close()))
                .extracting(Object::toString).containsOnly("100.00");
        assertThat(oneMinute.volume()).hasToString("1.00000000");
        assertThat(oneMinute.quoteVolume()).hasToString("100.000000");
        assertThat(oneMinute.trades()).isEqualTo(1);
        assertThat(oneMinute.closed()).isFalse();
        EventPayload.Ticker ticker = h.last(EventPayload.Ticker.class).get(0);
        assertThat(ticker.last()).hasToString("100.00");
        assertThat(ticker.trades24h()).isEqualTo(1);
        assertThat(ticker.bestBid()).as("the book is empty again").isNull();
    }

    @Test
    void updatesWithinTheRateBoundWaitForTheNextCommandAfterIt() {
        trade("100.00", "1");
        long first = h.nextTs() - 1;
        h.limit(1, SELL, "101.00", "2");
        h.limit(2, BUY, "101.00", "2");
        assertThat(h.last(EventPayload.Candle.class)).as("within 250 ms of the last report").isEmpty();
        assertThat(h.last(EventPayload.Ticker.class)).isEmpty();
        assertThat(h.engine.statistics().nextDue()).isEqualTo(first + MarketStatistics.CANDLE_EVERY_MS);

        h.advance(MarketStatistics.CANDLE_EVERY_MS);
        h.run(new Command.Tick(0));
        List<EventPayload.Candle> candles = h.last(EventPayload.Candle.class);
        assertThat(candles).hasSize(CandleInterval.values().length);
        assertThat(candles.get(0)).satisfies(c -> {
            assertThat(c.high()).hasToString("101.00");
            assertThat(c.close()).hasToString("101.00");
            assertThat(c.trades()).isEqualTo(2);
        });
        assertThat(h.last(EventPayload.Ticker.class)).as("a ticker waits a second").isEmpty();

        h.advance(MarketStatistics.TICKER_EVERY_MS);
        h.run(new Command.Tick(0));
        assertThat(h.last(EventPayload.Ticker.class)).singleElement().satisfies(t -> {
            assertThat(t.trades24h()).isEqualTo(2);
            assertThat(t.high24h()).hasToString("101.00");
            assertThat(t.low24h()).hasToString("100.00");
            assertThat(t.open24h()).hasToString("100.00");
            assertThat(t.volume24h()).hasToString("3.00000000");
        });
    }

    @Test
    void aCandleClosesOnceWhenItsIntervalEndsWithOrWithoutANewTrade() {
        trade("100.00", "1");
        h.advance(60_000);
        List<EventPayload.Candle> oneMinute = trade("90.00", "1").stream()
                .filter(c -> c.interval() == CandleInterval.M1).toList();
        assertThat(oneMinute).extracting(c -> c.close() + ":" + c.closed())
                .containsExactly("100.00:true", "90.00:false");

        h.advance(60_000);
        h.run(new Command.Tick(0));
        assertThat(h.last(EventPayload.Candle.class)).filteredOn(c -> c.interval() == CandleInterval.M1)
                .singleElement().satisfies(c -> {
                    assertThat(c.closed()).isTrue();
                    assertThat(c.close()).hasToString("90.00");
                });
        h.advance(60_000);
        h.run(new Command.Tick(0));
        assertThat(h.last(EventPayload.Candle.class)).as("no trade, no candle").filteredOn(c ->
                c.interval() == CandleInterval.M1).isEmpty();
    }

    @Test
    void theTickerFollowsTheBestPricesAndForgetsTradesOlderThanADay() {
        trade("100.00", "1");
        h.advance(2_000);
        h.limit(1, SELL, "105.00", "0.5");
        assertThat(h.last(EventPayload.Ticker.class)).singleElement().satisfies(t -> {
            assertThat(t.bestAsk().price()).hasToString("105.00");
            assertThat(t.bestAsk().qty()).hasToString("0.500");
            assertThat(t.bestBid()).isNull();
        });
        h.advance(2_000);
        h.limit(1, SELL, "106.00", "0.5");
        assertThat(h.last(EventPayload.Ticker.class)).as("a level behind the best changes no ticker").isEmpty();

        h.advance(86_400_000);
        h.run(new Command.Tick(0));
        assertThat(h.last(EventPayload.Ticker.class)).singleElement().satisfies(t -> {
            assertThat(t.trades24h()).isZero();
            assertThat(t.open24h()).isNull();
            assertThat(t.volume24h()).hasToString("0.00000000");
            assertThat(t.last()).as("the last price stays").hasToString("100.00");
        });
    }
}
