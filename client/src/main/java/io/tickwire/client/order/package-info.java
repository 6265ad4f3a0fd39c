/**
 * Order commands tracked through ack, receipt and, after a dropped connection, reconciliation.
 */
package io.tickwire.client.order;
