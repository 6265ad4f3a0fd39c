/**
 * Order commands and what they return: the requests ({@link io.tickwire.client.order.PlaceOrder},
 * {@link io.tickwire.client.order.AmendOrder}, {@link io.tickwire.client.order.CancelAll},
 * {@link io.tickwire.client.order.DeadMansSwitch}), and each command tracked through ack, receipt and,
 * after a dropped connection, reconciliation ({@link io.tickwire.client.order.TrackedCommand}, its
 * {@link io.tickwire.client.order.CommandStatus} and {@link io.tickwire.client.order.CommandOutcome}).
 */
package io.tickwire.client.order;
