package io.tickwire.client.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The values a cancel-all and the dead man's switch are given: checked when made, never a null or a flag. */
class CommandValuesTest {

    @Test
    void aCancelAllIsInOneMarketOrEverywhere() {
        assertThat(CancelAll.inMarket("BTC-USDT").market()).hasValue("BTC-USDT");
        assertThat(CancelAll.everywhere().market()).isEmpty();
        assertThat(CancelAll.inMarket("BTC-USDT")).isEqualTo(CancelAll.inMarket("BTC-USDT"))
                .isNotEqualTo(CancelAll.everywhere());
        assertThatThrownBy(() -> CancelAll.inMarket("btc")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("BASE-QUOTE");
        assertThatThrownBy(() -> CancelAll.inMarket(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void aDeadMansSwitchIsArmedForOneSecondToTenMinutesOrDisarmed() {
        DeadMansSwitch once = DeadMansSwitch.after(Duration.ofSeconds(60));
        assertThat(once.isArmed()).isTrue();
        assertThat(once.timeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(once.autoRefresh()).isFalse();
        DeadMansSwitch kept = once.withAutoRefresh();
        assertThat(kept.autoRefresh()).isTrue();
        assertThat(kept.timeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(kept).isNotEqualTo(once).isEqualTo(DeadMansSwitch.after(Duration.ofSeconds(60)).withAutoRefresh());

        DeadMansSwitch off = DeadMansSwitch.disarmed();
        assertThat(off.isArmed()).isFalse();
        assertThat(off.timeout()).isZero();
        assertThatThrownBy(off::withAutoRefresh).isInstanceOf(IllegalStateException.class);

        assertThat(DeadMansSwitch.after(Duration.ofSeconds(1)).isArmed()).isTrue();
        assertThat(DeadMansSwitch.after(Duration.ofMinutes(10)).isArmed()).isTrue();
        assertThatThrownBy(() -> DeadMansSwitch.after(Duration.ofMillis(999)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("disarmed()");
        assertThatThrownBy(() -> DeadMansSwitch.after(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DeadMansSwitch.after(Duration.ofMinutes(10).plusMillis(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void eachKindOfCommandIsNamedByItsWireMessage() {
        assertThat(CommandKind.PLACE.wire()).isEqualTo("order.place");
        assertThat(CommandKind.BATCH.wire()).isEqualTo("order.batch");
        assertThat(CommandKind.CANCEL.wire()).isEqualTo("order.cancel");
        assertThat(CommandKind.AMEND.wire()).isEqualTo("order.amend");
        assertThat(CommandKind.CANCEL_ALL.wire()).isEqualTo("order.cancel_all");
    }
}
