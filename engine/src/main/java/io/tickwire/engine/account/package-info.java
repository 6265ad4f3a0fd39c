/**
 * Accounts and settlement: per user and asset, available and frozen balances as fixed-point longs; freezing, settling
 * fills and charging fees.
 */
package io.tickwire.engine.account;
